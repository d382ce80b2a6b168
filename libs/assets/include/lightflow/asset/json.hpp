#pragma once

// Prints an asset's META and definition as compact JSON, the same document the
// static reader produces (lf::assets::definition_json). Used by the test that
// checks the two readers agree, and by anyone who wants to see what the
// compiler made of an asset. Header-only; needs nothing beyond the standard
// library.

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>

#include <lightflow/asset/builders.hpp>
#include <lightflow/asset/specs.hpp>

namespace lightflow::asset {
namespace detail {

inline void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

inline void put_optional(std::string& out, const std::optional<std::string_view>& s) {
  if (s) {
    put_string(out, *s);
  } else {
    out += "null";
  }
}

inline void put_value(std::string& out, const Value& v) {
  if (const auto* s = std::get_if<std::string_view>(&v)) {
    put_string(out, *s);
  } else if (const auto* b = std::get_if<bool>(&v)) {
    out += *b ? "true" : "false";
  } else {
    char buf[40];
    const auto* i = std::get_if<long long>(&v);
    auto r = i ? std::to_chars(buf, buf + sizeof buf, *i)
               : std::to_chars(buf, buf + sizeof buf, std::get<double>(v));
    out.append(buf, r.ptr);
    // Keep 0.0 a JSON number with a fraction, so it reads back as a double.
    if (i == nullptr
        && std::string_view(buf, r.ptr).find_first_of(".e") == std::string_view::npos) {
      out += ".0";
    }
  }
}

inline void put_optional(std::string& out, const std::optional<Value>& v) {
  if (v) {
    put_value(out, *v);
  } else {
    out += "null";
  }
}

inline void put_key(std::string& out, std::string_view key) {
  if (out.back() != '{') {
    out += ',';
  }
  put_string(out, key);
  out += ':';
}

template <typename T, typename F>
void put_array(std::string& out, const std::vector<T>& items, F put_item) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) {
      out += ',';
    }
    put_item(items[i]);
  }
  out += ']';
}

inline void put_named(std::string& out, const NamedValues& values) {
  out += '{';
  for (const auto& [name, value] : values) {
    put_key(out, name);
    put_value(out, value);
  }
  out += '}';
}

inline void put_field(std::string& out, const FieldSpec& f) {
  out += '{';
  put_key(out, "name");
  put_string(out, f.name);
  put_key(out, "type");
  put_string(out, to_string(f.type));
  put_key(out, "description");
  put_optional(out, f.description);
  put_key(out, "required");
  out += f.required ? "true" : "false";
  put_key(out, "default");
  put_optional(out, f.default_value);
  put_key(out, "minimum");
  put_optional(out, f.minimum);
  put_key(out, "maximum");
  put_optional(out, f.maximum);
  put_key(out, "choices");
  put_array(out, f.choices, [&](const Value& v) { put_value(out, v); });
  out += '}';
}

inline void put_fields(std::string& out, const std::vector<FieldSpec>& fields) {
  put_array(out, fields, [&](const FieldSpec& f) { put_field(out, f); });
}

inline void put_strings(std::string& out, const std::vector<std::string_view>& items) {
  put_array(out, items, [&](std::string_view s) { put_string(out, s); });
}

inline void put_target(std::string& out, std::string_view kind, std::string_view value) {
  if (kind.empty()) {
    out += "null";
    return;
  }
  out += '{';
  put_key(out, "kind");
  put_string(out, kind);
  if (kind != "composition") {
    put_key(out, kind == "api" ? "format" : (kind == "tool" ? "tool_id" : "thread_id"));
    put_string(out, value);
  }
  out += '}';
}

inline void put_request(std::string& out, const RequestSpec& r) {
  out += '{';
  put_key(out, "kind");
  put_string(out, r.kind);
  put_key(out, "model_alias");
  put_optional(out, r.model_alias);
  if (r.kind == "openai_chat_prompt") {
    put_key(out, "input_field");
    put_string(out, r.input_field);
  } else {
    put_key(out, "system");
    put_optional(out, r.system);
    put_key(out, "user");
    put_optional(out, r.user);
    put_key(out, "params");
    put_named(out, r.params);
  }
  out += '}';
}

inline void put_step(std::string& out, const StepSpec& s) {
  out += '{';
  put_key(out, "step_id");
  put_string(out, s.step_id);
  put_key(out, "node_or_composition_id");
  put_string(out, s.callable_id);
  put_key(out, "target");
  put_target(out, s.target_kind, s.target_value);
  if (s.request) {
    put_key(out, "request");
    put_request(out, *s.request);
  }
  put_key(out, "depends_on");
  put_strings(out, s.depends_on);
  put_key(out, "bindings");
  put_named(out, s.bindings);
  if (s.timeout_seconds) {
    put_key(out, "timeout_seconds");
    put_value(out, Value(*s.timeout_seconds));
  }
  if (s.retries) {
    put_key(out, "retries");
    put_value(out, Value(*s.retries));
  }
  out += '}';
}

inline void put_chain(std::string& out, const ChainSpec& c, Kind kind) {
  out += '{';
  put_key(out, "id");
  put_string(out, c.id);
  if (kind == Kind::workflow) {
    put_key(out, "input_schema");
    put_optional(out, c.input_schema);
    put_key(out, "output_schema");
    put_optional(out, c.output_schema);
  }
  put_key(out, "required_models");
  put_strings(out, c.required_models);
  put_key(out, "steps");
  put_array(out, c.steps, [&](const StepSpec& s) { put_step(out, s); });
  put_key(out, kind == Kind::workflow ? "inputs" : "parameters");
  put_fields(out, c.fields);
  out += '}';
}

inline void put_definition(std::string& out, const ModelSpec& m) {
  out += '{';
  put_key(out, "id");
  put_string(out, m.id);
  put_key(out, "capabilities");
  put_array(out, m.capabilities, [&](Capability c) { put_string(out, to_string(c)); });
  put_key(out, "preferred_format");
  put_optional(out, m.preferred_format);
  put_key(out, "params");
  put_named(out, m.params);
  out += '}';
}

inline void put_definition(std::string& out, const NodeSpec& n) {
  out += '{';
  put_key(out, "id");
  put_string(out, n.id);
  put_key(out, "inputs");
  put_fields(out, n.inputs);
  put_key(out, "outputs");
  put_fields(out, n.outputs);
  put_key(out, "target");
  put_target(out, n.target_kind, n.target_value);
  put_key(out, "request");
  if (!n.has_request) {
    out += "null";
  } else {
    out += '{';
    put_key(out, "kind");
    put_string(out, "openai_chat");
    put_key(out, "system");
    put_optional(out, n.system);
    put_key(out, "user");
    put_optional(out, n.user);
    put_key(out, "params");
    put_named(out, n.params);
    out += '}';
  }
  out += '}';
}

inline void put_meta(std::string& out, const AssetMeta& m) {
  out += '{';
  put_key(out, "id");
  put_string(out, m.id);
  put_key(out, "title");
  put_string(out, m.title);
  put_key(out, "kind");
  put_string(out, to_string(m.kind));
  put_key(out, "description");
  put_string(out, m.description);
  put_key(out, "stability");
  put_string(out, to_string(m.stability));
  put_key(out, "version");
  put_string(out, m.version);
  out += '}';
}

template <typename Put>
std::string document(const AssetMeta& meta, Put put_body) {
  std::string out = "{";
  put_key(out, "meta");
  put_meta(out, meta);
  put_key(out, "definition");
  put_body(out);
  out += '}';
  return out;
}

}  // namespace detail

/// {"meta":{...},"definition":{...}} for a model asset.
inline std::string to_json(const AssetMeta& meta, const ModelBuilder& builder) {
  return detail::document(meta,
                          [&](std::string& out) { detail::put_definition(out, builder.spec()); });
}

/// The same for a node asset.
inline std::string to_json(const AssetMeta& meta, const NodeBuilder& builder) {
  return detail::document(meta,
                          [&](std::string& out) { detail::put_definition(out, builder.spec()); });
}

/// The same for a workflow or composition asset.
template <Kind K, bool HasStep>
std::string to_json(const AssetMeta& meta, const Chain<K, HasStep>& builder) {
  return detail::document(meta,
                          [&](std::string& out) { detail::put_chain(out, builder.spec(), K); });
}

}  // namespace lightflow::asset
