#pragma once

// A typed field: a workflow run input, a node port or a composition parameter.
// Thread-safety: plain values.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace lf::assets {

/// A field's value type. Persisted by name ("integer"): never rename a value.
enum class FieldType { string, integer, number, boolean, json };

/// The JSON name ("number").
std::string_view to_string(FieldType type) noexcept;

struct FieldDef {
  std::string name;
  FieldType type = FieldType::string;
  std::optional<std::string> description;
  bool required = false;
  std::optional<boost::json::value> default_value;  ///< of `type`
  std::optional<boost::json::value> minimum;        ///< integer and number fields
  std::optional<boost::json::value> maximum;
  std::vector<boost::json::value> choices;  ///< string fields; empty = any value
};

}  // namespace lf::assets
