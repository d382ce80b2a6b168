#pragma once

// The request and result types of the Service's run operations (lf run,
// the /runs routes, the run tools of MCP), with their JSON forms.
// Thread-safety: plain values.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/core/run_types.hpp>
#include <lightflow/cortex/exchange.hpp>

namespace lf::core {

/// What preview and create take. request.json stores it as received.
struct CreateRunRequest {
  std::optional<std::string> run_id;  ///< generated when absent
  std::string workflow_asset_id;
  boost::json::value inputs = boost::json::object();  ///< must be a JSON object
};

/// One planned step as preview shows it.
struct StepPreview {
  RunStepRecord record;  ///< what create would record
  /// The request body as it would be submitted now, or null when the step has
  /// no template or its template reads earlier steps' answers (not yet known).
  boost::json::value rendered_request;
};

/// What preview returns: the plan and every problem that would stop create.
struct RunPreview {
  std::string run_id;
  boost::json::object workflow;    ///< the asset record {meta, source_path, builtin, …}
  boost::json::object definition;  ///< the WorkflowDef, as resolved_workflow.json holds it
  boost::json::object inputs;      ///< the run inputs with defaults applied
  bool ready = false;              ///< no issues
  std::vector<std::string> issues;
  std::vector<StepPreview> steps;
};

/// Submit one step. Without a body the step's request template is rendered.
struct SubmitStepRequest {
  std::string run_id;
  std::string step_id;
  std::optional<std::string> body;  ///< must be a JSON object when given
};

/// Names one step of one run (output, retry).
struct StepRef {
  std::string run_id;
  std::string step_id;
};

/// events.jsonl or trace.jsonl, line by line. Lines that do not parse (a torn
/// last line after a crash) are skipped and counted.
struct RunLog {
  std::string run_id;
  std::vector<boost::json::value> lines;
  std::size_t skipped_lines = 0;
};

/// What a finished step produced, read from the run's own copy (outputs/).
struct StepOutput {
  std::string run_id;
  std::string step_id;
  int attempt = 1;
  StepStatus status = StepStatus::planned;
  std::string path;                 ///< the copy under outputs/
  std::optional<std::string> text;  ///< the assistant text (successful steps)
  boost::json::value response;      ///< the response body as JSON (null if not JSON)
  std::string raw;                  ///< the response or error body as received
};

/// The answers of a run's final steps: the succeeded steps that no other step
/// reads, in the run's step order.
struct FinalOutputs {
  std::string run_id;
  std::vector<StepOutput> outputs;
};

/// What delete returns.
struct RunDeleted {
  std::string run_id;
};

/// {run_id, workflow, definition, inputs, ready, issues, steps:[{…record,
/// rendered_request}]}
boost::json::object to_json(const RunPreview& preview);

/// {run_id, lines:[…], skipped_lines}; `key` names the array ("events", "trace").
boost::json::object to_json(const RunLog& log, std::string_view key);

/// {run_id, step_id, attempt, status, path, text, response, raw}
boost::json::object to_json(const StepOutput& output);

/// {run_id, outputs: {<step_id>: {text, path}}}: the answers' text and where
/// the whole answers are kept (run output prints the rest).
boost::json::object to_json(const FinalOutputs& outputs);

/// {run_id, deleted:true}
boost::json::object to_json(const RunDeleted& deleted);

/// {run_id, workflow_asset_id, inputs}, as request.json stores it.
boost::json::object to_json(const CreateRunRequest& request);

/// A run's stored create request (request.json, Service::run_request).
struct StoredRunRequest {
  CreateRunRequest request;  ///< as it was received
  /// Every input as the run's templates read it: the given ones plus the
  /// defaults the workflow added.
  boost::json::object effective_inputs;
};

/// {run_id, workflow_asset_id, inputs, effective_inputs}
boost::json::object to_json(const StoredRunRequest& stored);

/// The workflow definition a run was planned from (resolved_workflow.json,
/// Service::run_workflow): kept as the JSON form lf::assets gave it then, so
/// that it reads the same whatever the asset has become since.
struct RunWorkflow {
  std::string run_id;
  std::string workflow_asset_id;   ///< the definition's id
  boost::json::object definition;  ///< {id, steps, …} (docs/authoring-assets.md)
};

/// The definition itself.
boost::json::object to_json(const RunWorkflow& workflow);

}  // namespace lf::core
