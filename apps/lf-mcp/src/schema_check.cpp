#include "schema_check.hpp"

#include <boost/json/serialize.hpp>

namespace lf::mcp {
namespace {

std::string_view type_name(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
      return "integer";
    case boost::json::kind::double_:
      return "number";
    case boost::json::kind::string:
      return "string";
    case boost::json::kind::array:
      return "array";
    case boost::json::kind::object:
      return "object";
  }
  return "value";
}

bool has_type(const boost::json::value& value, std::string_view type) {
  const std::string_view actual = type_name(value);
  if (type == "number") {
    return value.is_number();
  }
  if (type == "integer" && value.is_double()) {
    const double number = value.get_double();
    return number == static_cast<double>(static_cast<long long>(number));
  }
  return actual == type;
}

std::optional<std::string> type_violation(const boost::json::value& value,
                                          const boost::json::value& types,
                                          const std::string& where) {
  if (types.is_string()) {
    if (has_type(value, types.get_string())) {
      return std::nullopt;
    }
    return where + ": must be " + std::string(types.get_string()) + ", not "
           + std::string(type_name(value));
  }
  std::string names;
  for (const auto& type : types.get_array()) {
    if (has_type(value, type.get_string())) {
      return std::nullopt;
    }
    names += (names.empty() ? "" : " or ") + std::string(type.get_string());
  }
  return where + ": must be " + names + ", not " + std::string(type_name(value));
}

double number_of(const boost::json::value& value) {
  return value.is_int64()    ? static_cast<double>(value.get_int64())
         : value.is_uint64() ? static_cast<double>(value.get_uint64())
                             : value.get_double();
}

std::optional<std::string> object_violation(const boost::json::object& object,
                                            const boost::json::object& schema,
                                            const std::string& where) {
  const auto* properties = schema.if_contains("properties");
  if (const auto* required = schema.if_contains("required")) {
    for (const auto& name : required->get_array()) {
      if (!object.contains(name.get_string())) {
        return where + "." + std::string(name.get_string()) + ": is required";
      }
    }
  }
  const auto* additional = schema.if_contains("additionalProperties");
  const bool closed = additional != nullptr && additional->is_bool() && !additional->get_bool();
  for (const auto& [key, member] : object) {
    const std::string place = where + "." + std::string(key);
    const auto* property =
        properties != nullptr ? properties->get_object().if_contains(key) : nullptr;
    if (property == nullptr) {
      if (closed) {
        return place + ": is not an argument of this tool";
      }
      continue;
    }
    if (auto problem = schema_violation(member, property->get_object(), place)) {
      return problem;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> schema_violation(const boost::json::value& value,
                                            const boost::json::object& schema,
                                            const std::string& where) {
  if (const auto* types = schema.if_contains("type")) {
    if (auto problem = type_violation(value, *types, where)) {
      return problem;
    }
  }
  if (const auto* choices = schema.if_contains("enum")) {
    bool found = false;
    for (const auto& choice : choices->get_array()) {
      found = found || choice == value;
    }
    if (!found) {
      return where + ": must be one of " + boost::json::serialize(*choices);
    }
  }
  if (value.is_number()) {
    if (const auto* low = schema.if_contains("minimum");
        low != nullptr && number_of(value) < number_of(*low)) {
      return where + ": must be >= " + boost::json::serialize(*low);
    }
    if (const auto* high = schema.if_contains("maximum");
        high != nullptr && number_of(value) > number_of(*high)) {
      return where + ": must be <= " + boost::json::serialize(*high);
    }
  }
  if (const auto* text = value.if_string()) {
    if (const auto* length = schema.if_contains("minLength");
        length != nullptr && static_cast<double>(text->size()) < number_of(*length)) {
      return where + ": must not be empty";
    }
  }
  if (const auto* object = value.if_object()) {
    return object_violation(*object, schema, where);
  }
  if (const auto* array = value.if_array()) {
    const auto* items = schema.if_contains("items");
    for (std::size_t i = 0; items != nullptr && i < array->size(); ++i) {
      if (auto problem = schema_violation(
              (*array)[i], items->get_object(), where + "[" + std::to_string(i) + "]")) {
        return problem;
      }
    }
  }
  return std::nullopt;
}

}  // namespace lf::mcp
