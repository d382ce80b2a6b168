#include <boost/json.hpp>

#include <lightflow/core/json_text.hpp>

namespace lf::core {
namespace {

void append_indent(std::string& out, std::size_t depth) {
  out.append(depth * 2, ' ');
}

// JSON string escaping as Boost.JSON writes it, without a temporary per string:
// run stores pretty-print megabytes of mostly strings.
void append_string(std::string& out, std::string_view text) {
  constexpr std::string_view kHex = "0123456789abcdef";
  out += '"';
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') {
      continue;
    }
    out.append(text, plain_from, i - plain_from);
    plain_from = i + 1;
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
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(text, plain_from, std::string_view::npos);
  out += '"';
}

void write_pretty(std::string& out, const boost::json::value& value, std::size_t depth) {
  if (const auto* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& member : *object) {
      if (!first) {
        out += ",\n";
      }
      first = false;
      append_indent(out, depth + 1);
      append_string(out, member.key());
      out += ": ";
      write_pretty(out, member.value(), depth + 1);
    }
    out += '\n';
    append_indent(out, depth);
    out += '}';
    return;
  }
  if (const auto* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& element : *array) {
      if (!first) {
        out += ",\n";
      }
      first = false;
      append_indent(out, depth + 1);
      write_pretty(out, element, depth + 1);
    }
    out += '\n';
    append_indent(out, depth);
    out += ']';
    return;
  }
  if (const auto* text = value.if_string()) {
    append_string(out, *text);
    return;
  }
  out += boost::json::serialize(value);
}

}  // namespace

std::string to_pretty_json(const boost::json::value& value) {
  std::string out;
  write_pretty(out, value, 0);
  return out;
}

std::string to_compact_json(const boost::json::value& value) {
  return boost::json::serialize(value);
}

}  // namespace lf::core
