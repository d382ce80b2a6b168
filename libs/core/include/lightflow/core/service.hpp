#pragma once

// lf::core::Service: every operation LightFlow offers, independent of transport.
// The lf CLI, the lfd HTTP gateway and the lf-mcp server parse their transport,
// call one method here and print its result; none of them owns behaviour.
// Each method returns a typed result or an lf::Error whose code maps to an HTTP
// status, an exit code and an MCP error (error_mapping.hpp).
// Thread-safety: const methods may be called concurrently.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/config.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/run_requests.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/cortex/outcome.hpp>
#include <lightflow/cortex/virtual_paths.hpp>

namespace lf::core {

/// Names one CortexFS exchange: a target (api format, tool id or thread id) and
/// the step it serves. With a run id, the request id is the one that run uses,
/// "<run_id>.<incarnation>.<step_id>" ("<run_id>.<step_id>" when no such run is
/// recorded, or it was recorded before incarnations existed), so that two runs
/// never share a request file; without, it is the step id itself.
struct ExchangeRequest {
  cortex::TargetKind kind = cortex::TargetKind::api;
  std::string target;
  std::string step_id;
  std::optional<std::string> run_id;
};

/// What a commit produced.
struct CommitResult {
  cortex::Exchange exchange;
  std::filesystem::path committed;
};

class Service {
 public:
  explicit Service(ServiceConfig config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const ServiceConfig& config() const noexcept { return config_; }

  // --- CortexFS (lf ctx) ---------------------------------------------------

  /// The ABI record of the configured CortexFS tree (kernel_tree is false).
  boost::json::object ctx_abi() const;

  /// Plans the files of one exchange. Touches nothing.
  /// Errors: invalid_argument for a bad format, tool, thread, step or run id.
  Result<cortex::Exchange> ctx_exchange(const ExchangeRequest& request) const;

  /// Path records of a channel, job or hook. invalid_argument for a bad id.
  Result<cortex::ChannelPaths> ctx_channel(std::string_view channel_id) const;
  Result<cortex::JobPaths> ctx_job(std::string_view job_id) const;
  Result<cortex::HookPaths> ctx_hook(std::string_view hook_id) const;

  /// Commits `body` as the request of one exchange (see cortex::commit_request
  /// for the errors: unavailable when CortexFS is not mounted, already_exists
  /// for a second commit of the same request id, ...).
  Result<CommitResult> ctx_commit(const ExchangeRequest& request, std::string_view body) const;

  /// The outcome of one exchange, std::nullopt while there is none.
  Result<std::optional<cortex::Outcome>> ctx_outcome(const ExchangeRequest& request) const;

  // --- Runs (lf run) -------------------------------------------------------
  // Runs live under <dirs.state>/runs (docs/run-store.md). Every method that
  // takes a run id first checks it (invalid_argument "invalid run_id path
  // segment: …") and then needs the run (not_found "run <id>"). Methods that
  // change a run hold its lock, so concurrent callers in several processes
  // lose nothing. A step id that the run lacks gives not_found "run step <id>".

  /// Plans a run without writing anything: the steps, their CortexFS
  /// exchanges, rendered requests and every problem (issues) that would stop
  /// create. Errors: not_found "workflow asset <id>"; invalid_argument for a
  /// bad run id or an asset that is not a workflow.
  Result<RunPreview> run_preview(const CreateRunRequest& request) const;

  /// Creates the run (all files at once, or nothing). Errors: conflict "run
  /// <id> already exists"; invalid_argument with every issue joined by "; ";
  /// the errors of run_preview; io_error.
  Result<RunManifest> run_create(const CreateRunRequest& request) const;

  /// Every run, oldest first; unreadable runs are problems, not errors.
  Result<RunListing> run_list() const;

  Result<RunManifest> run_get(std::string_view run_id) const;
  Result<RunStatusSummary> run_status(std::string_view run_id) const;

  /// request.json and resolved_workflow.json. corruption when unreadable JSON.
  Result<boost::json::object> run_request(std::string_view run_id) const;
  Result<boost::json::object> run_workflow(std::string_view run_id) const;

  /// Commits one planned step's request (the given body, else its rendered
  /// template) into CortexFS. Errors: conflict "run step <id> is already
  /// <status>"; failed_precondition when a dependency has not succeeded or a
  /// template value is missing; invalid_argument for a body that is not a JSON
  /// object or a step without body and template; the errors of
  /// cortex::commit_request (unavailable when CortexFS is not mounted, …).
  Result<RunManifest> run_submit(const SubmitStepRequest& request) const;

  /// Reads the outcome of every submitted step; a finished step's answer is
  /// copied into the run's outputs/. Other steps are never touched.
  Result<RunManifest> run_refresh(std::string_view run_id) const;

  /// Marks the run cancelled and its planned and submitted steps cancelled.
  /// Idempotent. Requests already in CortexFS are not withdrawn.
  Result<RunManifest> run_cancel(std::string_view run_id) const;

  /// events.jsonl and trace.jsonl, parsed line by line.
  Result<RunLog> run_events(std::string_view run_id) const;
  Result<RunLog> run_trace(std::string_view run_id) const;

  /// The answer of a finished step from the run's own copy. Errors:
  /// failed_precondition "run step <id> has no output yet (it is <status>)".
  Result<StepOutput> run_output(const StepRef& ref) const;

  /// Plans a new attempt of a failed step (request id "<run>.<step>.<n>"),
  /// keeping the failed attempt in the step's attempts. Errors: conflict when
  /// the step is not failed; failed_precondition when the run was cancelled.
  Result<RunManifest> run_retry(const StepRef& ref) const;

  /// Deletes the run directory. Requests in CortexFS are left alone.
  Result<RunDeleted> run_delete(std::string_view run_id) const;

  // --- Execution (lf run exec|start|wait|resume|rerun|diff) -----------------
  // The scheduler (docs/execution.md) commits every step whose dependencies
  // succeeded, waits for outcomes without busy polling, applies each step's
  // timeout and retry policy, and serves unchanged steps from the step cache.
  // `observer` (may be empty) sees every event; `control` (may be null) cancels.

  /// Creates the run, then executes it to the end. Errors: those of run_create
  /// and run_resume. A run that fails is a result (summary.status failed), not
  /// an error.
  Result<ExecResult> run_exec(const CreateRunRequest& request,
                              const ExecOptions& options,
                              const ExecObserver& observer,
                              ExecutionControl* control) const;

  /// Executes an existing run to the end; a run interrupted by a crash is
  /// continued without committing any request twice. Errors: conflict when
  /// another process executes the run; unavailable when CortexFS is not
  /// mounted; not_found for an unknown run.
  Result<ExecResult> run_resume(std::string_view run_id,
                                const ExecOptions& options,
                                const ExecObserver& observer,
                                ExecutionControl* control) const;

  /// A new run of `request.source_run_id`'s workflow with its inputs patched,
  /// executed to the end; unchanged steps come from the step cache.
  Result<ExecResult> run_rerun(const RerunRequest& request,
                               const ExecOptions& options,
                               const ExecObserver& observer,
                               ExecutionControl* control) const;

  /// Creates the run and executes it in a detached `<executable> run resume`
  /// process; returns once that process holds the run.
  Result<RunStarted> run_start(const CreateRunRequest& request,
                               const ExecOptions& options,
                               const std::string& executable) const;

  /// Blocks until no process executes the run any more, then returns its
  /// summary. Errors: timeout when `timeout` passes first; failed_precondition
  /// when the run is unfinished and nothing executes it.
  Result<RunStatusSummary> run_wait(std::string_view run_id,
                                    std::optional<std::chrono::milliseconds> timeout) const;

  /// The answers of the succeeded steps that no other step reads.
  Result<std::vector<StepOutput>> run_final_outputs(std::string_view run_id) const;

  /// The same for a manifest the caller holds (ExecResult::manifest), without
  /// reading the run again.
  Result<std::vector<StepOutput>> run_final_outputs(const RunManifest& manifest) const;

  /// Which inputs, requests and answers differ between two runs.
  Result<RunDiff> run_diff(std::string_view run_a, std::string_view run_b) const;

  // --- Assets (lf assets) --------------------------------------------------
  // Assets are read from <project_root>/assets/<kind>s/*.cpp and the built-in
  // folder without compiling them (docs/authoring-assets.md). Results are the
  // JSON forms of lf::assets, which stays a private dependency of lf::core.
  // `kind` accepts "workflows" or "workflow" (likewise nodes, compositions,
  // models); anything else is invalid_argument "asset kind must be …".

  /// {assets:[AssetRecord…], problems:[{path,line,col,message}…]} for one kind.
  /// Never fails because of a bad asset file: those are problems.
  Result<boost::json::object> assets_list(std::string_view kind) const;

  /// One asset by id: its record, `definition` and validation `issues`.
  /// Errors: not_found "asset <id>" (with a "did you mean" when one is close).
  Result<boost::json::object> assets_show(std::string_view id) const;

  /// Compiles each file (every project asset when `paths` is empty) with the
  /// system compiler in syntax-only mode and runs the static reader on it:
  /// {ok, compiler, include_dir, results:[{path, ok, compiles,
  /// compiler_output, reader_error}]}. Errors: unavailable when the compiler
  /// cannot be started.
  Result<boost::json::object> assets_check(const std::vector<std::string>& paths) const;

  /// Writes a documented skeleton to assets/<kind>s/ and returns {id, kind,
  /// path}. Errors: invalid_argument for a bad kind or id; already_exists when
  /// the file exists (never overwritten).
  Result<boost::json::object> assets_new(std::string_view kind, std::string_view id) const;

 private:
  ServiceConfig config_;
};

}  // namespace lf::core
