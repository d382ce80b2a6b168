#include "planning/step_output.hpp"

#include <charconv>

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>

namespace lf::core {
namespace {

std::optional<boost::json::value> parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    return std::nullopt;
  }
  return value;
}

const boost::json::value* member(const boost::json::value& value, std::string_view key) {
  const auto* object = value.if_object();
  return object == nullptr ? nullptr : object->if_contains(key);
}

const boost::json::value* first(const boost::json::value* value) {
  if (value == nullptr || !value->is_array() || value->get_array().empty()) {
    return nullptr;
  }
  return &value->get_array()[0];
}

// Joins the "text" members of an array of parts; nullopt when there is none.
std::optional<std::string> joined_text(const boost::json::value* parts) {
  if (parts == nullptr) {
    return std::nullopt;
  }
  if (parts->is_string()) {
    return std::string(parts->get_string());
  }
  if (!parts->is_array()) {
    return std::nullopt;
  }
  std::optional<std::string> out;
  for (const auto& part : parts->get_array()) {
    const auto* text = member(part, "text");
    if (text != nullptr && text->is_string()) {
      out = out.value_or("") + std::string(text->get_string());
    }
  }
  return out;
}

std::optional<std::string> responses_text(const boost::json::value& body) {
  if (const auto* text = member(body, "output_text"); text != nullptr && text->is_string()) {
    return std::string(text->get_string());
  }
  const auto* output = member(body, "output");
  if (output == nullptr || !output->is_array()) {
    return std::nullopt;
  }
  std::optional<std::string> out;
  for (const auto& item : output->get_array()) {
    if (auto text = joined_text(member(item, "content"))) {
      out = out.value_or("") + *text;
    }
  }
  return out;
}

std::string_view without_fences(std::string_view text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) {
    return {};
  }
  text.remove_prefix(begin);
  if (!text.starts_with("```")) {
    return text;
  }
  const auto body = text.find('\n');
  const auto end = text.rfind("```");
  if (body == std::string_view::npos || end <= body) {
    return text;
  }
  return text.substr(body + 1, end - body - 1);
}

}  // namespace

std::optional<std::string> assistant_text(std::string_view response_body) {
  const auto body = parse(response_body);
  if (!body) {
    return std::nullopt;
  }
  if (const auto* choice = first(member(*body, "choices"))) {
    if (const auto* message = member(*choice, "message")) {
      return joined_text(member(*message, "content"));
    }
  }
  if (auto text = responses_text(*body)) {
    return text;
  }
  if (const auto* content = member(*body, "content"); content != nullptr && content->is_array()) {
    return joined_text(content);
  }
  if (const auto* candidate = first(member(*body, "candidates"))) {
    if (const auto* content = member(*candidate, "content")) {
      return joined_text(member(*content, "parts"));
    }
  }
  return std::nullopt;
}

std::optional<boost::json::value> json_field(std::string_view text, std::string_view field) {
  const auto value = parse(without_fences(text));
  if (!value) {
    return std::nullopt;
  }
  if (const auto* found = member(*value, field)) {
    return *found;
  }
  return std::nullopt;
}

std::string template_text(const boost::json::value& value) {
  if (value.is_string()) {
    return std::string(value.get_string());
  }
  if (value.is_double()) {
    // Shortest round-trip form ("0.7"), not Boost's exponent form ("7E-1"),
    // since this text ends up in prompts people read.
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value.get_double()).ptr;
    return std::string(buffer, end);
  }
  return boost::json::serialize(value);
}

Result<StepOutput> read_step_output(const RunManifest& manifest, std::string_view step_id) {
  const RunStepRecord* step = find_step(manifest, step_id);
  if (step == nullptr) {
    return step_not_found(step_id);
  }
  const StepAttempt& attempt = step->current;
  const auto& path =
      attempt.status == StepStatus::succeeded ? attempt.response_path : attempt.error_path;
  if (!path || (attempt.status != StepStatus::succeeded && attempt.status != StepStatus::failed)) {
    return fail(Code::failed_precondition,
                "run step " + step->step_id + " has no output yet (it is "
                    + std::string(to_string(attempt.status)) + ")");
  }
  auto raw = base::read_text_file(*path);
  if (!raw && raw.error().code == Code::not_found) {
    // The run's own record names this file: its absence is damage, not a
    // question the caller asked wrongly.
    return fail(path_error(Code::corruption, path->string(), "recorded by the run but missing")
                    .about(Subject::step, step->step_id));
  }
  if (!raw) {
    return fail(std::move(raw).error());
  }
  StepOutput output{manifest.run_id,
                    step->step_id,
                    attempt.number,
                    attempt.status,
                    path->string(),
                    std::nullopt,
                    nullptr,
                    std::move(*raw)};
  boost::system::error_code ec;
  output.response = boost::json::parse(output.raw, ec);
  if (ec) {
    output.response = nullptr;
  }
  if (attempt.status == StepStatus::succeeded) {
    output.text = assistant_text(output.raw);
  }
  return output;
}

}  // namespace lf::core
