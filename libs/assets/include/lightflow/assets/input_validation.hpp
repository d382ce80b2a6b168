#pragma once

// Checks run inputs against the fields a workflow declares (types, required,
// defaults, ranges, choices) and fills in defaults. One message per problem.
// Thread-safety: pure functions.

#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/assets/field_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

struct InputValidation {
  /// The inputs in declaration order, with defaults applied for missing
  /// fields. Fields that are missing without a default are left out.
  boost::json::object inputs;
  /// Empty when the inputs are acceptable. Messages:
  ///   "run inputs must be a JSON object"
  ///   "run input field <f> is required"
  ///   "run input field <f> must be a <type>"
  ///   "run input field <f> must be at least <min>" / "at most <max>"
  ///   "run input field <f> must be one of <a>, <b>"
  ///   "unknown run input field <f>"
  std::vector<std::string> problems;
};

/// Validates `inputs` (null counts as {}) against `fields`.
InputValidation validate_inputs(const std::vector<FieldDef>& fields,
                                const boost::json::value& inputs);

/// Validates `inputs` against the run inputs of `def`.
inline InputValidation validate_inputs(const WorkflowDef& def, const boost::json::value& inputs) {
  return validate_inputs(def.inputs, inputs);
}

}  // namespace lf::assets
