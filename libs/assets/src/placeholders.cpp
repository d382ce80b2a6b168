#include <lightflow/assets/placeholders.hpp>

#include "name_rules.hpp"

namespace lf::assets {
namespace {

constexpr std::string_view kExpected =
    ": expected {{inputs.<name>}}, {{steps.<step>.text}} or {{steps.<step>.json.<field>}}";

// Like a step name but without the length limit (JSON keys can be long).
bool is_json_field(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!detail::is_step_name(std::string_view(&c, 1))) {
      return false;
    }
  }
  return true;
}

std::optional<Placeholder> parse_body(std::string_view body) {
  Placeholder p;
  if (body.starts_with("inputs.")) {
    p.name = body.substr(7);
    return detail::is_field_name(p.name) ? std::optional(p) : std::nullopt;
  }
  if (!body.starts_with("steps.")) {
    return std::nullopt;
  }
  const std::string_view rest = body.substr(6);
  const auto dot = rest.find('.');
  if (dot == std::string_view::npos || !detail::is_step_name(rest.substr(0, dot))) {
    return std::nullopt;
  }
  p.name = rest.substr(0, dot);
  const std::string_view port = rest.substr(dot + 1);
  if (port == "text") {
    p.source = Placeholder::Source::step_text;
    return p;
  }
  if (!port.starts_with("json.") || !is_json_field(port.substr(5))) {
    return std::nullopt;
  }
  p.source = Placeholder::Source::step_json;
  p.field = port.substr(5);
  return p;
}

}  // namespace

Result<std::vector<Placeholder>> parse_placeholders(std::string_view text) {
  std::vector<Placeholder> found;
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const auto end = text.find("}}", pos + 2);
    if (end == std::string_view::npos) {
      return fail(
          Code::invalid_argument,
          "unterminated placeholder " + std::string(text.substr(pos, 40)) + std::string(kExpected));
    }
    auto p = parse_body(text.substr(pos + 2, end - pos - 2));
    if (!p) {
      return fail(Code::invalid_argument,
                  "invalid placeholder " + std::string(text.substr(pos, end + 2 - pos))
                      + std::string(kExpected));
    }
    p->offset = pos;
    p->length = end + 2 - pos;
    found.push_back(std::move(*p));
    pos = end + 2;
  }
  return found;
}

Result<std::string> render_template(
    std::string_view text,
    const std::function<std::optional<std::string>(const Placeholder&)>& lookup) {
  auto placeholders = parse_placeholders(text);
  if (!placeholders) {
    return fail(placeholders.error());
  }
  std::string out;
  std::size_t copied = 0;
  for (const Placeholder& p : *placeholders) {
    out.append(text.substr(copied, p.offset - copied));
    auto value = lookup(p);
    if (!value) {
      return fail(Code::not_found, "no value for " + std::string(text.substr(p.offset, p.length)));
    }
    out += *value;
    copied = p.offset + p.length;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace lf::assets
