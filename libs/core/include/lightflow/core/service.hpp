#pragma once

// lf::core::Service: every operation LightFlow offers, independent of transport.
// The lf CLI, the lfd HTTP gateway and the lf-mcp server parse their transport,
// call one method here and print its result; none of them owns behaviour.
// Each method returns a typed result or an lf::Error whose code maps to an HTTP
// status, an exit code and an MCP error (error_mapping.hpp).
// Thread-safety: every method may be called from any thread, concurrently;
// executions launched here run on threads of their own (engine.hpp), and
// destroying the Service cancels them and waits for them to end.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/asset_results.hpp>
#include <lightflow/core/config.hpp>
#include <lightflow/core/ctx_routes.hpp>
#include <lightflow/core/engine.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/health.hpp>
#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_requests.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/core/run_watch.hpp>
#include <lightflow/cortex/abi_info.hpp>
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

class ExecutionRegistry;

/// What a commit produced.
struct CommitResult {
  cortex::Exchange exchange;
  std::filesystem::path committed;
};

/// The exchange's JSON (cortex::to_json) plus "committed": the request file.
boost::json::object to_json(const CommitResult& result);

/// Where one exchange stands: its outcome, or none yet.
struct ExchangeOutcome {
  std::optional<cortex::Outcome> outcome;  ///< std::nullopt while pending
};

/// The outcome's JSON (cortex::to_json), or {"status":"pending"}.
boost::json::object to_json(const ExchangeOutcome& outcome);

class Service {
 public:
  explicit Service(ServiceConfig config);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  const ServiceConfig& config() const noexcept { return config_; }

  // --- CortexFS (lf ctx) ---------------------------------------------------

  /// The ABI record of the configured CortexFS tree (kernel_tree is false).
  cortex::AbiRecord ctx_abi() const;

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

  /// The outcome of one exchange; its `outcome` is empty while there is none.
  Result<ExchangeOutcome> ctx_outcome(const ExchangeRequest& request) const;

  /// The providers CortexFS has configured and the route each API format's
  /// requests would take now. A tree without CortexFS's files (not mounted)
  /// is a result with mounted false. Errors: io_error for read failures other
  /// than a missing file.
  Result<CtxRoutes> ctx_routes() const;

  // --- Health (lf health) --------------------------------------------------

  /// Checks what this Service needs: CortexFS mounted with the ABI this build
  /// speaks, the state directory writable (it is created if missing), the
  /// asset compiler on PATH, the asset header and the built-in assets present.
  /// Never fails: every problem is a field of the result (Health::ok false).
  Health health() const;

  // --- Runs (lf run) -------------------------------------------------------
  // Runs live under <dirs.state>/runs (docs/run-store.md). Every method that
  // takes a run id first checks it (invalid_argument "invalid run_id path
  // segment: …") and then needs the run (not_found "run <id>", subject run).
  // Methods that change a run hold its lock, so concurrent callers in several
  // processes lose nothing. A step id that the run lacks gives not_found "run
  // step <id>" (subject step). A file the run's own record names that is
  // missing is corruption, never not_found.

  /// Plans a run without writing anything: the steps, their CortexFS
  /// exchanges, rendered requests and every problem (issues) that would stop
  /// create. Errors: not_found "workflow asset <id>" (subject asset); invalid_argument for a
  /// bad run id or an asset that is not a workflow.
  Result<RunPreview> run_preview(const CreateRunRequest& request) const;

  /// Creates the run (all files at once, or nothing). Errors: already_exists
  /// "run <id> already exists" (subject run); invalid_argument with every issue joined by "; ";
  /// the errors of run_preview; io_error.
  Result<RunManifest> run_create(const CreateRunRequest& request) const;

  /// Every run, oldest first; unreadable runs are problems, not errors.
  Result<RunListing> run_list() const;

  Result<RunManifest> run_get(std::string_view run_id) const;

  /// The compact JSON text of run_get's manifest, byte for byte
  /// boost::json::serialize(to_json(manifest)), for servers that answer it
  /// as is. While the run's files do not change, every call shares one
  /// immutable string and costs a few stat calls (a write by any process
  /// changes their stamps). Errors: as run_get.
  Result<std::shared_ptr<const std::string>> run_get_json(std::string_view run_id) const;
  Result<RunStatusSummary> run_status(std::string_view run_id) const;

  /// request.json and resolved_workflow.json. corruption when unreadable JSON
  /// or missing.
  Result<StoredRunRequest> run_request(std::string_view run_id) const;
  Result<RunWorkflow> run_workflow(std::string_view run_id) const;

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

  /// Marks the run cancelled and its planned and submitted steps cancelled
  /// (writing run.cancelled and step.cancelled events). An execution of the
  /// run in this process is stopped at once; one in another process notices
  /// within 200 ms. Idempotent. Requests already in CortexFS are not withdrawn.
  Result<RunManifest> run_cancel(std::string_view run_id) const;

  /// The run's events with a seq above `after_seq`, from events.jsonl.
  /// `finished` is true when the run has ended and nothing executes it.
  Result<RunEvents> run_events(std::string_view run_id, std::uint64_t after_seq = 0) const;

  /// Follow mode: as run_events, but while there is no event above
  /// `after_seq` and the run has not finished, blocks until one is written
  /// (by any process), `deadline` passes (an empty, unfinished result) or
  /// `stop` is requested (error cancelled). For Server-Sent Events with
  /// Last-Event-ID, MCP progress and live streams.
  Result<RunEvents> run_events_follow(std::string_view run_id,
                                      std::uint64_t after_seq,
                                      Deadline deadline,
                                      std::stop_token stop = {}) const;

  /// The manifest and its summary read together under the run's lock, so no
  /// update is half seen: manifest.last_seq is the newest event's seq, and a
  /// follower resuming after it misses nothing (lf stream snapshot, the
  /// FlatBuffers snapshot and live stream).
  Result<RunSnapshot> run_snapshot(std::string_view run_id) const;
  /// Calls `on_change` whenever the run's record may have changed (an event
  /// written, the manifest replaced, an executor started or ended, in any
  /// process) until the RunWatch is destroyed; see run_watch.hpp for the
  /// rules a callback follows. Watch first, then read: nothing written in
  /// between is missed. No thread is held while nothing happens. Errors:
  /// invalid_argument for a bad id; not_found for an unknown run; io_error
  /// when the kernel refuses a watch.
  Result<RunWatch> watch_run(std::string_view run_id, std::function<void()> on_change) const;

  /// trace.jsonl, parsed line by line.
  Result<RunLog> run_trace(std::string_view run_id) const;

  /// The answer of a finished step from the run's own copy. Errors:
  /// failed_precondition "run step <id> has no output yet (it is <status>)";
  /// corruption (subject step) when the answer the run recorded is missing.
  Result<StepOutput> run_output(const StepRef& ref) const;

  /// Plans a new attempt of a failed step (request id "<run>.<step>.<n>"),
  /// keeping the failed attempt in the step's attempts. Errors: conflict when
  /// the step is not failed; failed_precondition when the run was cancelled.
  Result<RunManifest> run_retry(const StepRef& ref) const;

  /// Deletes the run directory. Requests in CortexFS are left alone.
  /// Errors: conflict "run <id> is being executed" while an executor (in
  /// this or another process) drives it: cancel it first.
  Result<RunDeleted> run_delete(std::string_view run_id) const;

  // --- Execution (lf run exec|start|wait|resume|rerun) ---------------------
  // The scheduler (docs/execution.md) commits every step whose dependencies
  // succeeded, waits for outcomes without busy polling, applies each step's
  // timeout and retry policy, and serves unchanged steps from the step cache.
  // A launch returns once the execution holds the run; it then runs on a
  // thread of its own, at most ServiceConfig::max_executions at once.

  /// Creates the run and starts executing it. Errors: those of run_create;
  /// unavailable when max_executions executions run already (then no run is
  /// created).
  Result<ExecutionHandle> launch_exec(const CreateRunRequest& request,
                                      const ExecOptions& options) const;

  /// Starts executing an existing run to the end; a run interrupted by a
  /// crash is continued without committing any request twice. Errors:
  /// conflict when an executor (in this or another process) drives the run;
  /// not_found for an unknown run; unavailable as launch_exec.
  Result<ExecutionHandle> launch_resume(std::string_view run_id, const ExecOptions& options) const;

  /// A new run of `request.source_run_id`'s workflow with its inputs
  /// patched, launched as launch_exec; unchanged steps come from the step
  /// cache. Errors: invalid_argument for a patch that is not an object; those
  /// of run_request and launch_exec.
  Result<ExecutionHandle> launch_rerun(const RerunRequest& request,
                                       const ExecOptions& options) const;

  /// Resumes the runs that a process with this config's execution_owner was
  /// executing when it stopped: unfinished, recorded with that owner, and
  /// executed by nobody now (another executor's runs are left alone). Each
  /// is launched as launch_resume with the options it was first launched
  /// with. Returns at once; a run that cannot be resumed is listed in
  /// `failed`. Nothing is done when execution_owner is empty.
  OwnedRunsResumed resume_owned_runs() const;

  /// The handle of the execution of `run_id` running in this process, or
  /// std::nullopt (not running, or run by another process: follow that one
  /// with run_events_follow).
  std::optional<ExecutionHandle> find_execution(std::string_view run_id) const;

  /// Creates the run and executes it in a detached executor process
  /// (ServiceConfig::executor_program, started with posix_spawn in a session
  /// of its own; no zombie is left behind); returns once that process holds
  /// the run. Errors: those of run_create; not_found when the executor
  /// program is missing; io_error when it cannot be started.
  Result<RunStarted> run_start(const CreateRunRequest& request, const ExecOptions& options) const;

  /// Blocks until no executor (in any process) drives the run any more, then
  /// returns its summary. Errors: timeout when `deadline` passes first;
  /// cancelled when `stop` is requested first; failed_precondition when the
  /// run is unfinished and nothing executes it.
  Result<RunStatusSummary> run_wait(std::string_view run_id,
                                    Deadline deadline = std::nullopt,
                                    std::stop_token stop = {}) const;

  /// The answers of the succeeded steps that no other step reads. Errors:
  /// those of run_get; corruption when an answer the run recorded is missing.
  Result<FinalOutputs> run_final_outputs(std::string_view run_id) const;

  /// The same for a manifest the caller holds (ExecResult::manifest), without
  /// reading the run again.
  Result<FinalOutputs> run_final_outputs(const RunManifest& manifest) const;

  /// Which inputs, requests and answers differ between two runs.
  Result<RunDiff> run_diff(std::string_view run_a, std::string_view run_b) const;

  // --- Assets (lf assets) --------------------------------------------------
  // Assets are read from <project_root>/assets/<kind>s/*.cpp and the built-in
  // folder without compiling them (docs/authoring-assets.md). Results are the
  // types of asset_results.hpp. `kind` accepts "workflows" or "workflow"
  // (likewise nodes, compositions, models); anything else is invalid_argument
  // "asset kind must be …". An id the catalog lacks gives the error of
  // assets::AssetCatalog::explain_missing: invalid_argument "asset <id> does not
  // parse: <path>:<line>:<col>: <message>" (or "cannot be used: <path>: …" for
  // a file in the wrong folder or with a taken id) when a project file declares
  // it, else not_found "asset <id>" with a "did you mean" when one is close.
  //
  // One rule for "valid": an asset is ok when the compiler accepts it, the
  // static reader reads it and the catalog checks (required models exist, steps
  // name existing nodes and earlier steps, placeholders name declared inputs
  // and steps it depends on, field defaults fit their choices and range) find
  // nothing, i.e. when it can run. assets_show, assets_check, assets_validate
  // and assets_write apply that rule, and run_preview/run_create the same
  // catalog checks.

  /// The assets of one kind and the problems of that kind's folders. Never
  /// fails because of a bad asset file: those are problems.
  Result<AssetListing> assets_list(std::string_view kind) const;

  /// One asset by id: its record, definition, issues (empty when it can run)
  /// and source_hash. Errors: those of a missing id (above).
  Result<AssetDetails> assets_show(std::string_view id) const;

  /// Checks assets by id and files by path, or every project asset file when
  /// the request is empty: the compiler in syntax-only mode, the static reader
  /// and the catalog checks. Ids may name built-ins, and a project file that
  /// does not parse is checked to show why. Relative paths are under the
  /// project root. Errors: invalid_argument "asset path <p> is outside the
  /// project" for a path outside the project and the built-in folder;
  /// not_found "asset file <p>" for a missing file; those of a missing id;
  /// unavailable when the compiler cannot be started.
  Result<AssetCheckReport> assets_check(const AssetCheckRequest& request) const;

  /// Writes a documented skeleton to assets/<kind>s/; it runs as written in a
  /// fresh project (it uses the built-in model llm.default and node node.chat).
  /// Errors: invalid_argument for a bad kind or id; already_exists when the
  /// file exists (never overwritten).
  Result<AssetCreated> assets_new(std::string_view kind, std::string_view id) const;

  // --- Authoring (for agents; lf assets source|validate|write|guide) --------

  /// An asset's source text and its source_hash, by id; a built-in's too. A
  /// project file that declares the id but does not parse is returned with
  /// `problem` set, so that it can be fixed. Errors: those of a missing id.
  Result<AssetSource> assets_source(std::string_view id) const;

  /// Checks `proposal.source` as the asset `proposal.id` of `proposal.kind`
  /// as if it were written, without touching any project file: the compiler
  /// (on a copy in a private temporary directory; its output names the file
  /// the text would be written to), the static reader, META's id and kind
  /// against the request, the catalog checks with the proposed asset in place
  /// of the current one, and the problems the change would newly cause in
  /// other workflows and compositions (dependent_issues). The file is the
  /// project file that holds the id now, else assets/<kind>s/<name>.cpp as
  /// assets_new names it. An invalid text is a result (ok() false), not an
  /// error. Errors: invalid_argument for a bad kind or id or an id a project
  /// asset of another kind holds; conflict when the file holds another asset;
  /// unavailable when the compiler cannot be started.
  Result<AssetCheck> assets_validate(const AssetProposal& proposal) const;

  /// Validates like assets_validate and, only when the text is ok, publishes
  /// it atomically (temp file, fsync, rename, directory fsync) as the asset's
  /// file, creating assets/<kind>s/ when needed. Writers of one folder take
  /// turns (an flock on the folder), and the expected hash is compared again
  /// just before the rename, so two writers can never lose an edit. An
  /// invalid text is not written: the result has written false and the
  /// check, and the file is unchanged. Errors: failed_precondition when the
  /// file exists and expected_hash is absent or differs from its source_hash
  /// ("asset <id> has changed: …"), or when expected_hash is given and there
  /// is no file; the errors of assets_validate; io_error.
  Result<AssetWriteResult> assets_write(const AssetWriteRequest& request) const;

  /// The authoring guide (<config.docs_dir>/authoring-assets.md), the whole
  /// asset language for an author or an agent. Errors: not_found when the
  /// file is missing or no docs_dir is configured.
  Result<AssetGuide> assets_guide() const;

 private:
  ServiceConfig config_;
  // Declared before registry_: an execution that ends tells the watchers of
  // its run, up to the moment the registry has joined it.
  std::shared_ptr<detail::RunChangeNotifier> notifier_;
  std::unique_ptr<ExecutionRegistry> registry_;  // the executions running in this process
};

}  // namespace lf::core
