#include "reader_support.hpp"

#include <lightflow/assets/placeholders.hpp>

#include "name_rules.hpp"
#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

const char* rule_message(NameRule rule) {
  switch (rule) {
    case NameRule::step:
      return "a step id must be 1-64 letters, digits, '_' or '-'";
    case NameRule::field:
      return "a field name must be a letter or '_' followed by letters, digits or '_'";
    case NameRule::asset_id:
      return "an asset id must be 1-128 letters, digits, '.', '_' or '-'";
    case NameRule::api_format:
      return "the API format must be openai.chat, openai.responses, anthropic.messages or "
             "google.generate_content";
    case NameRule::segment:
      return "a tool or thread id must be one path segment (no '/', not '.' or '..')";
    case NameRule::template_text:
    case NameRule::any_text:
      return "";
  }
  return "";
}

bool follows(NameRule rule, std::string_view s) {
  switch (rule) {
    case NameRule::step:
      return is_step_name(s);
    case NameRule::field:
      return is_field_name(s);
    case NameRule::asset_id:
      return is_asset_id(s);
    case NameRule::api_format:
      return is_api_format(s);
    case NameRule::segment:
      return is_segment(s);
    case NameRule::template_text:
    case NameRule::any_text:
      return true;
  }
  return true;
}

const Expr& field_root(const Expr& arg, std::vector<ChainCall>& calls) {
  const Expr& root = flatten_chain(arg, calls);
  return root;
}

FieldType field_type(const Expr& root) {
  const std::string_view fn = last_segment(root.text);
  if (fn == "string_field") {
    return FieldType::string;
  }
  if (fn == "integer_field") {
    return FieldType::integer;
  }
  if (fn == "number_field") {
    return FieldType::number;
  }
  if (fn == "boolean_field") {
    return FieldType::boolean;
  }
  if (fn == "json_field") {
    return FieldType::json;
  }
  syntax_error(root.offset,
               "expected a field: string_field, integer_field, number_field, boolean_field or "
               "json_field");
}

// The value a field of `type` accepts, as the header's Field<T> does.
boost::json::value typed_value(const Expr& arg, FieldType type, const char* method) {
  const bool integer = arg.kind == Expr::Kind::integer;
  const bool ok = (type == FieldType::string && arg.kind == Expr::Kind::string)
                  || (type == FieldType::integer && integer)
                  || (type == FieldType::number && (integer || arg.kind == Expr::Kind::floating))
                  || (type == FieldType::boolean && arg.kind == Expr::Kind::boolean);
  if (!ok) {
    syntax_error(arg.offset,
                 std::string(method) + "() on a " + std::string(to_string(type)) + " field needs a "
                     + std::string(to_string(type)) + " literal"
                     + (type == FieldType::json ? " (json fields take no default)" : ""));
  }
  return constant_arg(arg);
}

void apply_field_call(FieldDef& field, const ChainCall& call) {
  const std::string& m = call.name();
  if (m == "describe") {
    expect_args(call, 1);
    field.description = text_arg(call.arg(0), NameRule::any_text);
  } else if (m == "required") {
    expect_args(call, 0);
    field.required = true;
  } else if (m == "default_value") {
    expect_args(call, 1);
    field.default_value = typed_value(call.arg(0), field.type, "default_value");
  } else if (m == "range") {
    expect_args(call, 2);
    if (field.type != FieldType::integer && field.type != FieldType::number) {
      syntax_error(call.expr->offset, "range() applies to integer and number fields only");
    }
    field.minimum = typed_value(call.arg(0), field.type, "range");
    field.maximum = typed_value(call.arg(1), field.type, "range");
  } else if (m == "choices") {
    expect_args(call, 1);
    if (field.type != FieldType::string) {
      syntax_error(call.expr->offset, "choices() applies to string fields only");
    }
    if (call.arg(0).kind != Expr::Kind::list) {
      syntax_error(call.arg(0).offset, "choices() takes a braced list: choices({\"a\", \"b\"})");
    }
    field.choices.clear();
    for (const Expr& e : call.arg(0).children) {
      field.choices.push_back(typed_value(e, field.type, "choices"));
    }
  } else {
    unknown_method(call, "field", {"describe", "required", "default_value", "range", "choices"});
  }
}

}  // namespace

std::string_view last_segment(std::string_view name) {
  const auto colon = name.rfind("::");
  return colon == std::string_view::npos ? name : name.substr(colon + 2);
}

const Expr& flatten_chain(const Expr& chain, std::vector<ChainCall>& calls) {
  const Expr* e = &chain;
  std::vector<ChainCall> reversed;
  while (e->kind == Expr::Kind::method) {
    reversed.push_back(ChainCall{e});
    e = &e->children[0];
  }
  if (e->kind != Expr::Kind::call) {
    syntax_error(e->offset,
                 "expected a builder chain starting with a call such as workflow(META.id)");
  }
  calls.assign(reversed.rbegin(), reversed.rend());
  return *e;
}

void expect_args(const ChainCall& call, std::size_t count) {
  if (call.argc() != count) {
    syntax_error(call.expr->offset,
                 "." + call.name() + "() takes " + std::to_string(count) + " argument"
                     + (count == 1 ? "" : "s") + ", got " + std::to_string(call.argc()));
  }
}

std::string text_arg(const Expr& arg, NameRule rule) {
  if (arg.kind != Expr::Kind::string) {
    syntax_error(arg.offset, "expected a string literal");
  }
  if (!follows(rule, arg.text)) {
    syntax_error(arg.offset, std::string(rule_message(rule)) + ", got \"" + arg.text + "\"");
  }
  if (rule == NameRule::template_text) {
    auto placeholders = parse_placeholders(arg.text);
    if (!placeholders) {
      syntax_error(arg.offset, placeholders.error().message);
    }
  }
  return arg.text;
}

boost::json::value constant_arg(const Expr& arg) {
  switch (arg.kind) {
    case Expr::Kind::string:
      return boost::json::value(arg.text);
    case Expr::Kind::integer:
      return boost::json::value(static_cast<std::int64_t>(arg.integer));
    case Expr::Kind::floating:
      return boost::json::value(arg.number);
    case Expr::Kind::boolean:
      return boost::json::value(arg.boolean);
    default:
      syntax_error(arg.offset, "expected a literal: a string, a number, true or false");
  }
}

FieldDef field_arg(const Expr& arg) {
  std::vector<ChainCall> calls;
  const Expr& root = field_root(arg, calls);
  FieldDef field;
  field.type = field_type(root);
  if (root.children.size() != 1) {
    syntax_error(root.offset,
                 std::string(last_segment(root.text)) + "() takes 1 argument (the field name)");
  }
  field.name = text_arg(root.children[0], NameRule::field);
  for (const ChainCall& call : calls) {
    apply_field_call(field, call);
  }
  return field;
}

void unknown_method(const ChainCall& call,
                    std::string_view builder,
                    std::initializer_list<std::string_view> known) {
  std::string message =
      "unknown method ." + call.name() + "() on a " + std::string(builder) + " builder";
  std::string_view best;
  std::size_t best_distance = 3;
  for (std::string_view candidate : known) {
    const std::size_t d = edit_distance(call.name(), candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (!best.empty()) {
    message += "; did you mean ." + std::string(best) + "()?";
  }
  syntax_error(call.expr->offset, message);
}

}  // namespace lf::assets::detail
