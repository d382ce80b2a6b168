#pragma once

// Typed fields: workflow run inputs, node input and output ports, and
// composition parameters. A field's type decides which defaults, ranges and
// choices the compiler accepts, so `integer_field("n").default_value("ten")`
// does not compile.

#include <concepts>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include <lightflow/asset/checked_text.hpp>

namespace lightflow::asset {

/// A constant: text, integer, number or boolean.
using Value = std::variant<std::string_view, long long, double, bool>;

/// The type of a field's value. JSON names: string, integer, number, boolean, json.
enum class FieldType { string, integer, number, boolean, json };

constexpr std::string_view to_string(FieldType type) {
  switch (type) {
    case FieldType::string:
      return "string";
    case FieldType::integer:
      return "integer";
    case FieldType::number:
      return "number";
    case FieldType::boolean:
      return "boolean";
    case FieldType::json:
      return "json";
  }
  return "json";
}

/// A field as data, once its builder chain has run.
struct FieldSpec {
  std::string_view name;
  FieldType type = FieldType::string;
  std::optional<std::string_view> description;
  bool required = false;
  std::optional<Value> default_value;
  std::optional<Value> minimum;
  std::optional<Value> maximum;
  std::vector<Value> choices;
};

namespace detail {

template <typename V>
concept integer_like = std::integral<V> && !std::same_as<V, bool>;

template <FieldType T, typename V>
constexpr bool accepts() {
  if constexpr (T == FieldType::string) {
    return std::convertible_to<V, std::string_view> && !std::same_as<V, bool>;
  } else if constexpr (T == FieldType::integer) {
    return integer_like<V>;
  } else if constexpr (T == FieldType::number) {
    return integer_like<V> || std::floating_point<V>;
  } else if constexpr (T == FieldType::boolean) {
    return std::same_as<V, bool>;
  } else {
    return false;  // json fields take no default
  }
}

template <FieldType T, typename V>
Value to_value(V v) {
  if constexpr (T == FieldType::string) {
    return Value(std::string_view(v));
  } else if constexpr (T == FieldType::integer) {
    return Value(static_cast<long long>(v));
  } else if constexpr (T == FieldType::number) {
    if constexpr (std::floating_point<V>) {
      return Value(static_cast<double>(v));
    } else {
      return Value(static_cast<long long>(v));
    }
  } else {
    return Value(static_cast<bool>(v));
  }
}

}  // namespace detail

/// Builds one field. Every method returns a changed copy.
template <FieldType T>
class Field {
 public:
  explicit Field(FieldName name) {
    spec_.name = name.text;
    spec_.type = T;
  }

  /// One sentence for people and agents filling the field in.
  Field describe(std::string_view text) const {
    Field copy = *this;
    copy.spec_.description = text;
    return copy;
  }

  /// The field must be given (and has no default).
  Field required() const {
    Field copy = *this;
    copy.spec_.required = true;
    return copy;
  }

  /// The value used when the field is not given. Its type must fit the field.
  template <typename V>
  requires(detail::accepts<T, V>()) Field default_value(V value)
  const {
    Field copy = *this;
    copy.spec_.default_value = detail::to_value<T>(value);
    return copy;
  }

  /// Inclusive bounds; integer and number fields only.
  template <typename V>
  requires((T == FieldType::integer || T == FieldType::number) && detail::accepts<T, V>()) Field
      range(V minimum, V maximum)
  const {
    Field copy = *this;
    copy.spec_.minimum = detail::to_value<T>(minimum);
    copy.spec_.maximum = detail::to_value<T>(maximum);
    return copy;
  }

  /// The allowed values; string fields only.
  Field choices(std::initializer_list<std::string_view> options) const
      requires(T == FieldType::string) {
    Field copy = *this;
    copy.spec_.choices.assign(options.begin(), options.end());
    return copy;
  }

  const FieldSpec& spec() const { return spec_; }

 private:
  FieldSpec spec_;
};

/// A text field.
inline Field<FieldType::string> string_field(FieldName name) {
  return Field<FieldType::string>(name);
}

/// A whole-number field.
inline Field<FieldType::integer> integer_field(FieldName name) {
  return Field<FieldType::integer>(name);
}

/// A number field (integer or fraction).
inline Field<FieldType::number> number_field(FieldName name) {
  return Field<FieldType::number>(name);
}

/// A true/false field.
inline Field<FieldType::boolean> boolean_field(FieldName name) {
  return Field<FieldType::boolean>(name);
}

/// Any JSON value (no default, range or choices).
inline Field<FieldType::json> json_field(FieldName name) {
  return Field<FieldType::json>(name);
}

}  // namespace lightflow::asset
