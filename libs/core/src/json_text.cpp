#include <boost/json.hpp>

#include <lightflow/core/json_text.hpp>

namespace lf::core {
namespace {

void append_indent(std::string& out, std::size_t depth) {
  out.append(depth * 2, ' ');
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
      out += boost::json::serialize(boost::json::string(member.key()));
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
