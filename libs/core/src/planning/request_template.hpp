#pragma once

// Request templates: a JSON request body whose strings may hold placeholders
// ({{inputs.<name>}}, {{steps.<id>.text}}, {{steps.<id>.json.<field>}}; see
// lightflow/assets/placeholders.hpp). The planner stores each step's template
// in the run with every placeholder already in run terms (run inputs and run
// step ids); submit renders it. Thread-safety: pure functions.

#include <map>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/assets/placeholders.hpp>
#include <lightflow/base/result.hpp>

namespace lf::core {

/// What placeholders resolve to.
struct TemplateValues {
  boost::json::object inputs;                     ///< the run inputs, defaults applied
  std::map<std::string, std::string> step_texts;  ///< assistant text per finished step
};

/// Every placeholder in the strings of `request_template`, in document order.
/// Errors: invalid_argument from assets::parse_placeholders.
Result<std::vector<assets::Placeholder>> template_placeholders(
    const boost::json::value& request_template);

/// The request body with every placeholder replaced (strings verbatim, other
/// values as compact JSON). Errors: invalid_argument for a bad placeholder;
/// failed_precondition "{{...}} has no value: <why>" for a missing input, a
/// step without text, or a JSON field the step's text does not hold.
Result<boost::json::value> render_request(const boost::json::value& request_template,
                                          const TemplateValues& values);

/// The placeholder as written, e.g. "{{steps.outline.text}}".
std::string placeholder_text(const assets::Placeholder& placeholder);

}  // namespace lf::core
