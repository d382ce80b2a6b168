#include <cmath>

#include <boost/json/serialize.hpp>

#include <lightflow/assets/input_validation.hpp>

namespace lf::assets {
namespace {

namespace json = boost::json;

bool is_integer(const json::value& v) {
  if (v.is_int64() || v.is_uint64()) {
    return true;
  }
  // 3.0 is a whole number even though JSON spelled it with a fraction.
  return v.is_double() && std::isfinite(v.get_double())
         && std::trunc(v.get_double()) == v.get_double();
}

bool has_type(const json::value& v, FieldType type) {
  switch (type) {
    case FieldType::string:
      return v.is_string();
    case FieldType::integer:
      return is_integer(v);
    case FieldType::number:
      return v.is_number();
    case FieldType::boolean:
      return v.is_bool();
    case FieldType::json:
      return true;
  }
  return true;
}

double as_double(const json::value& v) {
  if (v.is_int64()) {
    return static_cast<double>(v.get_int64());
  }
  if (v.is_uint64()) {
    return static_cast<double>(v.get_uint64());
  }
  return v.is_double() ? v.get_double() : 0.0;
}

void check_value(const FieldDef& f, const json::value& v, std::vector<std::string>& problems) {
  const std::string prefix = "run input field " + f.name + " must be ";
  if (!has_type(v, f.type)) {
    problems.push_back(prefix + (f.type == FieldType::integer ? "an " : "a ")
                       + std::string(to_string(f.type)));
    return;
  }
  if (f.minimum && v.is_number() && as_double(v) < as_double(*f.minimum)) {
    problems.push_back(prefix + "at least " + json::serialize(*f.minimum));
  }
  if (f.maximum && v.is_number() && as_double(v) > as_double(*f.maximum)) {
    problems.push_back(prefix + "at most " + json::serialize(*f.maximum));
  }
  if (!f.choices.empty() && std::find(f.choices.begin(), f.choices.end(), v) == f.choices.end()) {
    std::string list;
    for (const auto& c : f.choices) {
      list += (list.empty() ? "" : ", ")
              + (c.is_string() ? std::string(c.get_string()) : json::serialize(c));
    }
    problems.push_back(prefix + "one of " + list);
  }
}

}  // namespace

InputValidation validate_inputs(const std::vector<FieldDef>& fields, const json::value& inputs) {
  InputValidation out;
  static const json::object kEmpty;
  if (!inputs.is_object() && !inputs.is_null()) {
    out.problems.push_back("run inputs must be a JSON object");
    return out;
  }
  const json::object& given = inputs.is_object() ? inputs.get_object() : kEmpty;
  for (const FieldDef& f : fields) {
    const json::value* v = given.if_contains(f.name);
    if (v == nullptr || v->is_null()) {
      if (f.default_value) {
        out.inputs[f.name] = *f.default_value;
      } else if (f.required) {
        out.problems.push_back("run input field " + f.name + " is required");
      }
      continue;
    }
    check_value(f, *v, out.problems);
    out.inputs[f.name] = *v;
  }
  for (const auto& [key, value] : given) {
    bool declared = false;
    for (const FieldDef& f : fields) {
      declared = declared || f.name == key;
    }
    if (!declared) {
      out.problems.push_back("unknown run input field " + std::string(key));
    }
  }
  return out;
}

}  // namespace lf::assets
