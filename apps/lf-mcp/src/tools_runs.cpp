// The run tools that answer at once: preview, create, list, read (manifest,
// status, events, trace, outputs, diff) and the step operations (submit,
// refresh, cancel, retry, delete).

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <lightflow/core/run_json.hpp>

#include "tool_table.hpp"

namespace lf::mcp {
namespace {

constexpr std::string_view kCreateInput = R"({"type":"object","properties":{
 "workflow_asset_id":{"type":"string","minLength":1,"description":"the workflow to run, e.g. workflow.summarise"},
 "inputs":{"type":"object","description":"the workflow's inputs by name; defaults fill the rest"},
 "run_id":{"type":"string","minLength":1,"description":"the new run's id; generated when absent"}},
 "required":["workflow_asset_id"],"additionalProperties":false})";

constexpr std::string_view kRunInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1}},"required":["run_id"],"additionalProperties":false})";

constexpr std::string_view kStepInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1},"step_id":{"type":"string","minLength":1}},
 "required":["run_id","step_id"],"additionalProperties":false})";

constexpr std::string_view kSubmitInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1},"step_id":{"type":"string","minLength":1},
 "body":{"type":"object","description":"the request body; the step's rendered template when absent"}},
 "required":["run_id","step_id"],"additionalProperties":false})";

constexpr std::string_view kEventsInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1},
 "after_seq":{"type":"integer","minimum":0,"description":"only events with a larger seq; 0 for all"}},
 "required":["run_id"],"additionalProperties":false})";

constexpr std::string_view kDiffInput = R"({"type":"object","properties":{
 "run_a":{"type":"string","minLength":1},"run_b":{"type":"string","minLength":1}},
 "required":["run_a","run_b"],"additionalProperties":false})";

constexpr std::string_view kNoInput =
    R"({"type":"object","properties":{},"additionalProperties":false})";

constexpr std::string_view kPreviewOutput = R"({"type":"object",
 "required":["run_id","workflow","definition","inputs","ready","issues","steps"],
 "properties":{"ready":{"type":"boolean"},"issues":{"type":"array","items":{"type":"string"}},
 "steps":{"type":"array","items":{"type":"object","required":["step_id"]}}}})";

constexpr std::string_view kManifestOutput = R"({"type":"object",
 "required":["run_id","workflow_asset_id","cancelled","created_at","updated_at","last_seq","steps"],
 "properties":{"run_id":{"type":"string"},"cancelled":{"type":"boolean"},"last_seq":{"type":"integer"},
 "steps":{"type":"array","items":{"type":"object","required":["step_id","status"]}}}})";

constexpr std::string_view kStatusOutput = R"({"type":"object",
 "required":["run_id","workflow_asset_id","status","total_steps"],
 "properties":{"status":{"type":"string","enum":["planned","running","cancelled","succeeded","failed"]},
 "total_steps":{"type":"integer"}}})";

constexpr std::string_view kListOutput = R"({"type":"object","required":["runs","problems"],
 "properties":{"runs":{"type":"array","items":{"type":"object","required":["run_id","status"]}},
 "problems":{"type":"array"}}})";

constexpr std::string_view kEventsOutput = R"({"type":"object",
 "required":["run_id","events","last_seq","finished"],
 "properties":{"events":{"type":"array","items":{"type":"object","required":["seq","event","run_id"]}},
 "last_seq":{"type":"integer"},"finished":{"type":"boolean"}}})";

constexpr std::string_view kTraceOutput =
    R"({"type":"object","required":["run_id","trace","skipped_lines"],
 "properties":{"trace":{"type":"array"},"skipped_lines":{"type":"integer"}}})";

constexpr std::string_view kOutputOutput = R"({"type":"object",
 "required":["run_id","step_id","attempt","status","path","raw"],
 "properties":{"text":{"type":["string","null"]},"raw":{"type":"string"},"status":{"type":"string"}}})";

constexpr std::string_view kDiffOutput =
    R"({"type":"object","required":["run_a","run_b","inputs","steps"],
 "properties":{"inputs":{"type":"array"},"steps":{"type":"array","items":{"type":"object","required":["step_id"]}}}})";

constexpr std::string_view kDeletedOutput = R"({"type":"object","required":["run_id","deleted"],
 "properties":{"deleted":{"type":"boolean"}}})";

core::CreateRunRequest create_request(const boost::json::object& args) {
  core::CreateRunRequest request;
  request.run_id = optional_string_arg(args, "run_id");
  request.workflow_asset_id = string_arg(args, "workflow_asset_id");
  if (const auto* inputs = args.if_contains("inputs")) {
    request.inputs = *inputs;
  }
  return request;
}

ToolResult preview(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_preview(create_request(args)));
}

ToolResult create(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_create(create_request(args)));
}

ToolResult list(const boost::json::object&, ToolContext& context) {
  return from_result(context.service.run_list());
}

ToolResult get(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_get(string_arg(args, "run_id")));
}

ToolResult status(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_status(string_arg(args, "run_id")));
}

ToolResult submit(const boost::json::object& args, ToolContext& context) {
  core::SubmitStepRequest request{string_arg(args, "run_id"), string_arg(args, "step_id"), {}};
  if (const auto* body = args.if_contains("body")) {
    request.body = boost::json::serialize(*body);
  }
  return from_result(context.service.run_submit(request));
}

ToolResult refresh(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_refresh(string_arg(args, "run_id")));
}

ToolResult cancel(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_cancel(string_arg(args, "run_id")));
}

ToolResult retry(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_retry(
      core::StepRef{string_arg(args, "run_id"), string_arg(args, "step_id")}));
}

ToolResult remove(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_delete(string_arg(args, "run_id")));
}

ToolResult events(const boost::json::object& args, ToolContext& context) {
  const auto after = optional_int_arg(args, "after_seq").value_or(0);
  return from_result(
      context.service.run_events(string_arg(args, "run_id"), static_cast<std::uint64_t>(after)));
}

ToolResult trace(const boost::json::object& args, ToolContext& context) {
  auto log = context.service.run_trace(string_arg(args, "run_id"));
  if (!log) {
    return failure(log.error());
  }
  return success(core::to_json(*log, "trace"));
}

ToolResult output(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.run_output(
      core::StepRef{string_arg(args, "run_id"), string_arg(args, "step_id")}));
}

ToolResult diff(const boost::json::object& args, ToolContext& context) {
  return from_result(
      context.service.run_diff(string_arg(args, "run_a"), string_arg(args, "run_b")));
}

}  // namespace

std::vector<ToolSpec> run_tools() {
  return {
      {"lf_run_preview",
       "Preview a run",
       "Plans a run of a workflow without writing anything: its steps, the rendered request of "
       "each, and every issue that would stop it (ready=false). Use it before lf_run_execute.",
       kCreateInput,
       kPreviewOutput,
       Duration::quick,
       Effect::reads,
       preview},
      {"lf_run_create",
       "Create a run",
       "Creates a run of a workflow (planned, nothing submitted). Execute it with lf_run_resume, "
       "or step by step with lf_run_submit and lf_run_refresh.",
       kCreateInput,
       kManifestOutput,
       Duration::quick,
       Effect::writes,
       create},
      {"lf_run_list",
       "List runs",
       "Every run, oldest first, with its status and step counts; unreadable run directories are "
       "listed as problems.",
       kNoInput,
       kListOutput,
       Duration::quick,
       Effect::reads,
       list},
      {"lf_run_get",
       "Read a run's manifest",
       "The run's manifest: its workflow, inputs' source hashes and every step with its status, "
       "attempts, CortexFS request files, provider and model.",
       kRunInput,
       kManifestOutput,
       Duration::quick,
       Effect::reads,
       get},
      {"lf_run_status",
       "Read a run's status",
       "The run's derived status (planned, running, cancelled, succeeded, failed) and its step "
       "counts.",
       kRunInput,
       kStatusOutput,
       Duration::quick,
       Effect::reads,
       status},
      {"lf_run_submit",
       "Submit a step",
       "Commits one planned step's request into CortexFS (its rendered template, or the given "
       "body). Its dependencies must have succeeded.",
       kSubmitInput,
       kManifestOutput,
       Duration::quick,
       Effect::writes,
       submit},
      {"lf_run_refresh",
       "Refresh a run",
       "Reads the outcome of every submitted step from CortexFS and records the answers.",
       kRunInput,
       kManifestOutput,
       Duration::quick,
       Effect::writes,
       refresh},
      {"lf_run_cancel",
       "Cancel a run",
       "Cancels the run: planned and submitted steps become cancelled and an execution stops. "
       "Idempotent.",
       kRunInput,
       kManifestOutput,
       Duration::quick,
       Effect::writes,
       cancel},
      {"lf_run_retry",
       "Retry a failed step",
       "Plans a new attempt of a failed step (the failed attempt is kept). Continue the run with "
       "lf_run_resume.",
       kStepInput,
       kManifestOutput,
       Duration::quick,
       Effect::writes,
       retry},
      {"lf_run_delete",
       "Delete a run",
       "Deletes the run's record. Refused while the run is being executed: cancel it first.",
       kRunInput,
       kDeletedOutput,
       Duration::quick,
       Effect::destroys,
       remove},
      {"lf_run_events",
       "Read a run's events",
       "The run's events with a seq above after_seq (run.created, step.submitted, step.succeeded, "
       "step.failed, …); call again with last_seq to continue.",
       kEventsInput,
       kEventsOutput,
       Duration::quick,
       Effect::reads,
       events},
      {"lf_run_trace",
       "Read a run's trace",
       "The run's trace.jsonl: what was committed and answered, line by line.",
       kRunInput,
       kTraceOutput,
       Duration::quick,
       Effect::reads,
       trace},
      {"lf_run_output",
       "Read a step's output",
       "The answer of a finished step: the assistant text, the response as JSON and the raw body "
       "(the error body for a failed step).",
       kStepInput,
       kOutputOutput,
       Duration::quick,
       Effect::reads,
       output},
      {"lf_run_diff",
       "Compare two runs",
       "Which inputs, requests and answers differ between two runs, step by step, and which steps "
       "run_b served from the cache.",
       kDiffInput,
       kDiffOutput,
       Duration::quick,
       Effect::reads,
       diff},
  };
}

}  // namespace lf::mcp
