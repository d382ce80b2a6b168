// How a step's request body is made; see step_request.hpp.

#include "planning/step_request.hpp"

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>

#include "planning/request_template.hpp"
#include "planning/step_output.hpp"

namespace lf::core {
namespace {

// The assistant texts of the steps `request_template` reads.
Result<std::map<std::string, std::string>> step_texts(const RunManifest& manifest,
                                                      const boost::json::value& request_template) {
  auto placeholders = template_placeholders(request_template);
  if (!placeholders) {
    return fail(std::move(placeholders).error());
  }
  std::map<std::string, std::string> texts;
  for (const auto& placeholder : *placeholders) {
    const RunStepRecord* source = find_step(manifest, placeholder.name);
    if (placeholder.source == assets::Placeholder::Source::input || source == nullptr
        || texts.count(placeholder.name) != 0 || !source->current.response_path) {
      continue;  // render_request reports what stays missing
    }
    auto body = base::read_text_file(*source->current.response_path);
    if (!body) {
      return fail(std::move(body).error());
    }
    if (auto text = assistant_text(*body)) {
      texts[placeholder.name] = std::move(*text);
    }
  }
  return texts;
}

}  // namespace

Result<std::string> checked_body(const RunStepRecord& step, const std::string& body) {
  boost::system::error_code ec;
  const auto parsed = boost::json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    return fail(Code::invalid_argument,
                "the request body for step " + step.step_id + " must be a JSON object");
  }
  return body;
}

Result<std::string> render_step_request(const RunStore& store,
                                        const RunManifest& manifest,
                                        const RunStepRecord& step) {
  auto request = store.read_document(manifest.run_id, "request.json");
  if (!request) {
    return fail(std::move(request).error());
  }
  return render_step_request(*request, manifest, step);
}

boost::json::object run_inputs(const boost::json::value& run_request) {
  const boost::json::object* request = run_request.if_object();
  if (request == nullptr) {
    return {};
  }
  if (const auto* effective = request->if_contains("effective_inputs");
      effective != nullptr && effective->is_object()) {
    return effective->get_object();
  }
  boost::json::object inputs;
  if (const auto* given = request->if_contains("inputs"); given != nullptr && given->is_object()) {
    inputs = given->get_object();
  }
  if (const auto* defaults = request->if_contains("input_defaults");
      defaults != nullptr && defaults->is_object()) {
    for (const auto& [key, value] : defaults->get_object()) {
      inputs.emplace(key, value);
    }
  }
  return inputs;
}

Result<std::string> render_step_request(const boost::json::value& run_request,
                                        const RunManifest& manifest,
                                        const RunStepRecord& step) {
  if (step.request_template.is_null()) {
    return fail(Code::invalid_argument,
                "no request body provided and step " + step.step_id
                    + " does not declare a request template");
  }
  TemplateValues values;
  values.inputs = run_inputs(run_request);
  auto texts = step_texts(manifest, step.request_template);
  if (!texts) {
    return fail(std::move(texts).error());
  }
  values.step_texts = std::move(*texts);
  auto rendered = render_request(step.request_template, values);
  if (!rendered) {
    return fail(
        Error{rendered.error().code, "step " + step.step_id + ": " + rendered.error().message});
  }
  return boost::json::serialize(*rendered);
}

}  // namespace lf::core
