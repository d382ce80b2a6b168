// The tools that execute runs (execute, resume, rerun) and wait for them.
// They are long calls: each runs on a thread of its own, sends the run's
// events as progress notifications when the client gave a progress token,
// and stops when the client cancels the call; an execution started by the
// call is cancelled with it.

#include <algorithm>
#include <chrono>

#include <boost/json/serialize.hpp>

#include <lightflow/core/error_mapping.hpp>
#include <lightflow/core/run_json.hpp>

#include "tool_table.hpp"

namespace lf::mcp {
namespace {

using Clock = std::chrono::steady_clock;

// MCP clients time requests out (60 s by default in the TypeScript SDK), so a
// call waits at most this long unless told otherwise and then reports the
// run as still running; lf_run_wait continues.
constexpr double kDefaultWaitSeconds = 50;
// How often a waiting call looks at its stop token.
constexpr auto kStopCheck = std::chrono::milliseconds(100);

#define LF_MCP_FOLLOW_PROPERTIES                                                                                  \
  R"("options":{"type":"object","properties":{"max_parallel":{"type":"integer","minimum":1},)"                    \
  R"("step_timeout_s":{"type":"integer","minimum":1},"max_attempts":{"type":"integer","minimum":1},)"             \
  R"("cache":{"type":"string","enum":["use","bypass"]}},"additionalProperties":false},)"                          \
  R"("wait":{"type":"boolean","description":"wait for the run to end, true by default; false returns at once"},)" \
  R"("timeout_s":{"type":"number","minimum":0,"description":"longest wait in seconds, 50 by default; the run goes on after it"})"

constexpr std::string_view kExecuteInput =
    R"({"type":"object","properties":{"workflow_asset_id":{"type":"string","minLength":1},)"
    R"("inputs":{"type":"object"},"run_id":{"type":"string","minLength":1},)" LF_MCP_FOLLOW_PROPERTIES
    R"(},"required":["workflow_asset_id"],"additionalProperties":false})";

constexpr std::string_view kResumeInput =
    R"({"type":"object","properties":{"run_id":{"type":"string","minLength":1},)" LF_MCP_FOLLOW_PROPERTIES
    R"(},"required":["run_id"],"additionalProperties":false})";

constexpr std::string_view kRerunInput =
    R"({"type":"object","properties":{"run_id":{"type":"string","minLength":1,"description":"the run to repeat"},)"
    R"("inputs_patch":{"type":"object","description":"inputs to change: a key replaces the old value, null removes it"},)"
    R"("new_run_id":{"type":"string","minLength":1},)" LF_MCP_FOLLOW_PROPERTIES
    R"(},"required":["run_id"],"additionalProperties":false})";

#undef LF_MCP_FOLLOW_PROPERTIES

constexpr std::string_view kWaitInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1},
 "timeout_s":{"type":"number","minimum":0,"description":"longest wait in seconds, 50 by default"}},
 "required":["run_id"],"additionalProperties":false})";

constexpr std::string_view kFollowOutput =
    R"({"type":"object","required":["run_id","finished","status"],
 "properties":{"run_id":{"type":"string"},"finished":{"type":"boolean"},
 "status":{"type":"string","enum":["planned","running","cancelled","succeeded","failed"]},
 "summary":{"type":"object"},"outputs":{"type":"object"}}})";

core::Deadline deadline_of(const boost::json::object& args) {
  const double seconds = optional_number_arg(args, "timeout_s").value_or(kDefaultWaitSeconds);
  return Clock::now()
         + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

core::ExecOptions exec_options(const boost::json::object& args) {
  core::ExecOptions options;
  const auto* given = args.if_contains("options");
  if (given == nullptr) {
    return options;
  }
  const auto& fields = given->get_object();
  if (auto parallel = optional_int_arg(fields, "max_parallel")) {
    options.max_parallel = static_cast<std::size_t>(*parallel);
  }
  if (auto timeout = optional_int_arg(fields, "step_timeout_s")) {
    options.step_timeout = std::chrono::seconds(*timeout);
  }
  if (auto attempts = optional_int_arg(fields, "max_attempts")) {
    options.max_attempts = static_cast<int>(*attempts);
  }
  if (optional_string_arg(fields, "cache") == "bypass") {
    options.cache = core::CacheMode::bypass;
  }
  return options;
}

// The answer for a run in `summary`'s state; a succeeded run's final answers too.
ToolResult report(const core::RunStatusSummary& summary, ToolContext& context) {
  const core::RunStatus status = summary.status;
  const bool finished = status != core::RunStatus::planned && status != core::RunStatus::running;
  boost::json::object json{{"run_id", summary.run_id},
                           {"finished", finished},
                           {"status", core::to_string(status)},
                           {"summary", core::to_json(summary)}};
  std::string hint;
  if (status == core::RunStatus::succeeded) {
    if (auto outputs = context.service.run_final_outputs(summary.run_id)) {
      json["outputs"] = core::to_json(*outputs).at("outputs");
    }
  } else if (status == core::RunStatus::failed) {
    hint = "run " + summary.run_id
           + " failed: lf_run_events shows which step failed and why, lf_run_output its error body; "
             "fix the cause, then lf_run_retry the step and lf_run_resume the run.\n";
  } else if (!finished) {
    hint = "run " + summary.run_id + " is still " + std::string(core::to_string(status))
           + ": call lf_run_wait to wait for its end.\n";
  }
  return success(json, hint.empty() ? std::string() : hint + boost::json::serialize(json));
}

ToolResult current_state(const std::string& run_id, ToolContext& context) {
  auto summary = context.service.run_status(run_id);
  return summary ? report(*summary, context) : failure(summary.error());
}

std::string describe(const core::RunEvent& event) {
  std::string text(core::to_string(event.kind));
  if (event.step_id) {
    text += " " + *event.step_id;
  }
  return text + " (" + std::to_string(event.done_steps) + "/" + std::to_string(event.total_steps)
         + " steps done)";
}

// Follows an execution this call started until it ends, the deadline passes
// or the call is cancelled (which cancels the execution).
ToolResult follow(Result<core::ExecutionHandle> launched,
                  const boost::json::object& args,
                  ToolContext& context) {
  if (!launched) {
    return failure(launched.error());
  }
  const core::ExecutionHandle handle = std::move(*launched);
  if (context.on_launch) {
    context.on_launch(handle);
  }
  if (args.contains("wait") && !args.at("wait").as_bool()) {
    return current_state(handle.run_id(), context);
  }
  const core::Deadline deadline = deadline_of(args);
  auto events = handle.subscribe(handle.started_after_seq());
  for (bool following = true; following;) {
    if (context.stop.stop_requested()) {
      if (context.server_stopping) {
        return failure(Error{Code::cancelled, "the server is stopping"});
      }
      handle.cancel();
      return failure(
          Error{Code::cancelled,
                "the call was cancelled; run " + handle.run_id() + " was cancelled with it"});
    }
    const auto delivery = events.next(std::min(*deadline, Clock::now() + kStopCheck));
    switch (delivery.status) {
      case core::DeliveryStatus::event:
        context.progress(delivery.event->seq, std::nullopt, describe(*delivery.event));
        break;
      case core::DeliveryStatus::timed_out:
        if (Clock::now() >= *deadline) {
          return current_state(handle.run_id(), context);
        }
        break;
      case core::DeliveryStatus::ended:
      case core::DeliveryStatus::dropped:
        following = false;
        break;
    }
  }
  auto ended = handle.wait(deadline, context.stop);
  if (!ended) {
    return ended.error().code == Code::timeout ? current_state(handle.run_id(), context)
                                               : failure(ended.error());
  }
  return report(ended->summary, context);
}

ToolResult execute(const boost::json::object& args, ToolContext& context) {
  core::CreateRunRequest request;
  request.run_id = optional_string_arg(args, "run_id");
  request.workflow_asset_id = string_arg(args, "workflow_asset_id");
  if (const auto* inputs = args.if_contains("inputs")) {
    request.inputs = *inputs;
  }
  return follow(context.service.launch_exec(request, exec_options(args)), args, context);
}

ToolResult resume(const boost::json::object& args, ToolContext& context) {
  return follow(
      context.service.launch_resume(string_arg(args, "run_id"), exec_options(args)), args, context);
}

ToolResult rerun(const boost::json::object& args, ToolContext& context) {
  core::RerunRequest request{
      string_arg(args, "run_id"), optional_string_arg(args, "new_run_id"), boost::json::object()};
  if (const auto* patch = args.if_contains("inputs_patch")) {
    request.inputs_patch = *patch;
  }
  return follow(context.service.launch_rerun(request, exec_options(args)), args, context);
}

ToolResult wait(const boost::json::object& args, ToolContext& context) {
  const std::string run_id = string_arg(args, "run_id");
  auto summary = context.service.run_wait(run_id, deadline_of(args), context.stop);
  if (!summary) {
    return summary.error().code == Code::timeout ? current_state(run_id, context)
                                                 : failure(summary.error());
  }
  return report(*summary, context);
}

}  // namespace

std::vector<ToolSpec> exec_tools() {
  return {
      {"lf_run_execute",
       "Execute a workflow",
       "Creates a run of a workflow and executes it in the background through CortexFS. By default "
       "the call waits for the end (at most timeout_s, default 50 s), sending each run event as a "
       "progress notification when a progress token was given; cancelling the call cancels the "
       "run. Returns the status and, on success, the final answers.",
       kExecuteInput,
       kFollowOutput,
       Duration::long_running,
       Effect::writes,
       execute},
      {"lf_run_resume",
       "Resume a run",
       "Executes an existing run to its end (after lf_run_create, lf_run_retry or a crash); steps "
       "already answered are not committed again. Waits and reports as lf_run_execute.",
       kResumeInput,
       kFollowOutput,
       Duration::long_running,
       Effect::writes,
       resume},
      {"lf_run_rerun",
       "Rerun with changed inputs",
       "A new run of an earlier run's workflow with some inputs changed; steps whose request did "
       "not change are served from the step cache. Waits and reports as lf_run_execute.",
       kRerunInput,
       kFollowOutput,
       Duration::long_running,
       Effect::writes,
       rerun},
      {"lf_run_wait",
       "Wait for a run",
       "Waits until no executor drives the run any more (at most timeout_s, default 50 s), then "
       "returns its status and, on success, its final answers; finished=false when the time ran "
       "out.",
       kWaitInput,
       kFollowOutput,
       Duration::long_running,
       Effect::reads,
       wait},
  };
}

}  // namespace lf::mcp
