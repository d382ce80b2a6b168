#pragma once

// What a later step can read from an earlier step's answer: the assistant
// text of the response body, and top-level fields of the JSON object that text
// holds. Thread-safety: pure functions.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_requests.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::core {

/// The output of `step_id`'s current attempt in `manifest`: its answer when it
/// succeeded, its error when it failed. Errors: not_found (no such step),
/// failed_precondition (no output yet), io_error reading the file.
Result<StepOutput> read_step_output(const RunManifest& manifest, std::string_view step_id);

/// The assistant text of a response body:
/// - openai.chat: choices[0].message.content (a string, or the text parts);
/// - openai.responses: output_text, else every output[].content[].text joined;
/// - anthropic.messages: content[].text joined;
/// - google.generate_content: candidates[0].content.parts[].text joined.
/// std::nullopt when the body is not JSON or holds none of these.
std::optional<std::string> assistant_text(std::string_view response_body);

/// Field `field` of the JSON object in `text` (surrounding ``` fences are
/// tolerated, as models like to add them). std::nullopt when `text` is not a
/// JSON object or lacks the field.
std::optional<boost::json::value> json_field(std::string_view text, std::string_view field);

/// A value as template text: strings as they are, anything else as compact JSON.
std::string template_text(const boost::json::value& value);

}  // namespace lf::core
