// JSON forms of the run operations' results (run_requests.hpp).

#include <lightflow/core/run_json.hpp>
#include <lightflow/core/run_requests.hpp>

namespace lf::core {

boost::json::object to_json(const RunPreview& preview) {
  boost::json::object json;
  json["run_id"] = preview.run_id;
  json["workflow"] = preview.workflow;
  json["definition"] = preview.definition;
  json["inputs"] = preview.inputs;
  json["ready"] = preview.ready;
  boost::json::array issues;
  for (const auto& issue : preview.issues) {
    issues.emplace_back(issue);
  }
  json["issues"] = std::move(issues);
  boost::json::array steps;
  for (const auto& step : preview.steps) {
    boost::json::object entry = to_json(step.record);
    entry["rendered_request"] = step.rendered_request;
    steps.emplace_back(std::move(entry));
  }
  json["steps"] = std::move(steps);
  return json;
}

boost::json::object to_json(const RunLog& log, std::string_view key) {
  boost::json::object json;
  json["run_id"] = log.run_id;
  json[key] = boost::json::array(log.lines.begin(), log.lines.end());
  json["skipped_lines"] = log.skipped_lines;
  return json;
}

boost::json::object to_json(const StepOutput& output) {
  boost::json::object json;
  json["run_id"] = output.run_id;
  json["step_id"] = output.step_id;
  json["attempt"] = output.attempt;
  json["status"] = to_string(output.status);
  json["path"] = output.path;
  if (output.text) {
    json["text"] = *output.text;
  } else {
    json["text"] = nullptr;
  }
  json["response"] = output.response;
  json["raw"] = output.raw;
  return json;
}

boost::json::object to_json(const FinalOutputs& outputs) {
  boost::json::object by_step;
  for (const StepOutput& output : outputs.outputs) {
    by_step[output.step_id] = boost::json::object{
        {"text", output.text ? boost::json::value(*output.text) : boost::json::value(nullptr)},
        {"path", output.path},
    };
  }
  return boost::json::object{{"run_id", outputs.run_id}, {"outputs", std::move(by_step)}};
}

boost::json::object to_json(const RunDeleted& deleted) {
  return boost::json::object{{"run_id", deleted.run_id}, {"deleted", true}};
}

boost::json::object to_json(const StoredRunRequest& stored) {
  boost::json::object json = to_json(stored.request);
  json["effective_inputs"] = stored.effective_inputs;
  return json;
}

boost::json::object to_json(const RunWorkflow& workflow) {
  return workflow.definition;
}

boost::json::object to_json(const CreateRunRequest& request) {
  boost::json::object json;
  if (request.run_id) {
    json["run_id"] = *request.run_id;
  } else {
    json["run_id"] = nullptr;
  }
  json["workflow_asset_id"] = request.workflow_asset_id;
  json["inputs"] = request.inputs;
  return json;
}

}  // namespace lf::core
