// The Service's execution operations: launch an execution in this process
// (exec, resume, rerun) and get its handle, start one in a detached executor
// process, and wait for a run to end.

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include <boost/json.hpp>

#include <lightflow/core/service.hpp>

#include "execution/detached_executor.hpp"
#include "execution/execution_registry.hpp"
#include "execution/executor_lock.hpp"
#include "execution/run_change_notifier.hpp"
#include "execution/run_dir_watch.hpp"
#include "execution/run_executor.hpp"
#include "execution/run_owner.hpp"
#include "planning/run_preparation.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"

extern char** environ;

namespace lf::core {
namespace {

using SteadyClock = std::chrono::steady_clock;
// How long run_start waits for the detached executor to hold the run.
constexpr auto kStartHandshake = std::chrono::seconds(5);
// How late run_wait notices an executor that died without writing anything.
constexpr auto kExecutorCheckInterval = std::chrono::seconds(1);

bool terminal(RunStatus status) {
  return status == RunStatus::succeeded || status == RunStatus::failed
         || status == RunStatus::cancelled;
}

boost::json::object merged_inputs(const boost::json::value& old_inputs,
                                  const boost::json::value& patch) {
  boost::json::object merged =
      old_inputs.is_object() ? old_inputs.get_object() : boost::json::object();
  for (const auto& [key, value] : patch.get_object()) {
    if (value.is_null()) {
      merged.erase(key);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

// Takes the run on the caller's thread (so that a conflict is the caller's
// error), then drives it on a thread of its own. REQUIRES: the caller holds a
// place (ExecutionRegistry::reserve), which this gives back or uses.
Result<ExecutionHandle> launch(ExecutionRegistry& registry,
                               const std::shared_ptr<detail::RunChangeNotifier>& notifier,
                               const ServiceConfig& config,
                               const std::string& run_id,
                               std::optional<CachedManifest> seed,
                               const ExecOptions& options) {
  // Only prepare() below can fail: the place is released there.
  auto state = std::make_shared<detail::ExecutionState>(run_id, config.dirs.state);
  auto executor = std::make_unique<RunExecutor>(
      config,
      options,
      [raw = state.get()](const RunEvent& event) { raw->publish(event); },
      &state->control);
  if (auto ok = executor->prepare(run_id, std::move(seed)); !ok) {
    registry.release();
    return fail(std::move(ok).error());
  }
  state->started_after_seq = executor->published_seq();
  state->published_seq = executor->published_seq();  // no other thread sees `state` yet
  const std::filesystem::path run_dir = RunStore(config.dirs.state).run_dir(run_id);
  if (!config.execution_owner.empty()) {
    // Best effort: without the record the run is only not resumed by itself.
    [[maybe_unused]] auto recorded =
        record_run_owner(run_dir, RunOwner{config.execution_owner, options});
  }
  std::thread thread([state, notifier, run_dir, executor = std::move(executor)]() mutable {
    Result<ExecResult> result = executor->run();
    if (result && terminal(result->summary.status)) {
      clear_run_owner(run_dir);  // nothing left for a restart to resume
    }
    executor.reset();  // releases the run before anyone learns that it ended
    state->finish(std::move(result));
    // Leaving the registry writes nothing a watch would see.
    notifier->notify(run_dir);
  });
  registry.add(state, std::move(thread));
  return ExecutionHandle(std::move(state));
}

std::filesystem::path executor_program(const ServiceConfig& config) {
  if (!config.executor_program.empty()) {
    return config.executor_program;
  }
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path beside = self.parent_path() / "lf-executor";
  if (!ec && std::filesystem::exists(beside, ec)) {
    return beside;
  }
  return self.parent_path().parent_path() / "libexec" / "lightflow" / "lf-executor";
}

// Spawns `program --detach <log> <request>` and reaps it: it starts the real
// executor in a session of its own and exits at once, so the executor is
// never our child and never our zombie. posix_spawn allocates nothing between
// its fork and exec; every argument is built before.
Result<void> spawn_detached(const std::filesystem::path& program,
                            const std::filesystem::path& log,
                            const std::string& request) {
  const std::string program_text = program.string();
  const std::string log_text = log.string();
  std::string detach_flag = "--detach";
  std::vector<char*> argv{const_cast<char*>(program_text.c_str()),  // NOLINT: posix_spawn's
                          detach_flag.data(),
                          const_cast<char*>(log_text.c_str()),  // NOLINT: signature
                          const_cast<char*>(request.c_str()),   // NOLINT
                          nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, program_text.c_str(), nullptr, nullptr, argv.data(), environ);
  if (rc != 0) {
    return fail(errno_error(rc, program_text));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return fail(Code::io_error,
                program_text + ": could not start the executor (see " + log_text + ")");
  }
  return {};
}

}  // namespace

std::optional<ExecutionHandle> Service::find_execution(std::string_view run_id) const {
  if (auto running = registry_->find(run_id)) {
    return ExecutionHandle(std::move(running));
  }
  return std::nullopt;
}

Result<ExecutionHandle> Service::launch_resume(std::string_view run_id,
                                               const ExecOptions& options) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  if (auto ok = registry_->reserve(); !ok) {
    return fail(std::move(ok).error());
  }
  return launch(*registry_, notifier_, config_, std::string(run_id), std::nullopt, options);
}

Result<ExecutionHandle> Service::launch_exec(const CreateRunRequest& request,
                                             const ExecOptions& options) const {
  // A place first, so that a refused launch leaves no run behind.
  if (auto ok = registry_->reserve(); !ok) {
    return fail(std::move(ok).error());
  }
  auto created = create_run(config_, request);
  if (!created) {
    registry_->release();
    return fail(std::move(created).error());
  }
  const std::string run_id = created->manifest.run_id;
  // The executor starts from the manifest just written instead of reading it back.
  return launch(*registry_, notifier_, config_, run_id, std::move(*created), options);
}

Result<ExecutionHandle> Service::launch_rerun(const RerunRequest& request,
                                              const ExecOptions& options) const {
  if (!request.inputs_patch.is_object()) {
    return fail(Code::invalid_argument, "the inputs of a rerun must be a JSON object");
  }
  auto source = run_request(request.source_run_id);
  if (!source) {
    return fail(std::move(source).error());
  }
  CreateRunRequest next{request.run_id,
                        std::move(source->request.workflow_asset_id),
                        merged_inputs(source->request.inputs, request.inputs_patch)};
  return launch_exec(next, options);
}

Result<RunStarted> Service::run_start(const CreateRunRequest& request,
                                      const ExecOptions& options) const {
  const std::filesystem::path program = executor_program(config_);
  if (::access(program.c_str(), X_OK) != 0) {
    return fail(Code::not_found, "executor program " + program.string());
  }
  auto created = run_create(request);
  if (!created) {
    return fail(std::move(created).error());
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(created->run_id);
  const std::filesystem::path log = run_dir / "executor.log";
  if (auto ok = spawn_detached(program, log, executor_request(config_, created->run_id, options));
      !ok) {
    return fail(std::move(ok).error());
  }
  // Return once the executor holds the run, so that an immediate run_wait
  // never mistakes a starting executor for a missing one.
  const auto deadline = SteadyClock::now() + kStartHandshake;
  std::optional<int> pid;
  while (!(pid = ExecutorLock::holder_pid(run_dir)) && SteadyClock::now() < deadline) {
    auto manifest = store.read(created->run_id);
    if (manifest && terminal(summarize(*manifest).status)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return RunStarted{created->run_id, pid.value_or(0), log.string()};
}

Result<RunStatusSummary> Service::run_wait(std::string_view run_id,
                                           Deadline deadline,
                                           std::stop_token stop) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  if (auto running = registry_->find(run_id)) {
    // In this process: its handle says exactly when it ends.
    auto ended = ExecutionHandle(std::move(running)).wait(deadline, stop);
    if (!ended && (ended.error().code == Code::timeout || ended.error().code == Code::cancelled)) {
      return fail(std::move(ended).error());
    }
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(run_id);
  auto watch = RunDirWatch::create(run_dir, stop);
  if (!watch) {
    if (watch.error().code == Code::not_found) {
      return fail(Code::not_found, "run " + std::string(run_id));
    }
    return fail(std::move(watch).error());
  }
  for (;;) {
    auto manifest = store.read(run_id);
    if (!manifest) {
      return fail(std::move(manifest).error());
    }
    RunStatusSummary summary = summarize(*manifest);
    const bool executing = ExecutorLock::held(run_dir);
    if (!executing && (terminal(summary.status) || manifest->cancelled)) {
      return summary;
    }
    if (!executing) {
      return fail(Code::failed_precondition,
                  "run " + std::string(run_id) + " is " + std::string(to_string(summary.status))
                      + " and no process is executing it; resume it to continue");
    }
    auto wait_for = std::chrono::duration_cast<std::chrono::milliseconds>(kExecutorCheckInterval);
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - SteadyClock::now());
      if (left.count() <= 0) {
        return fail(
            Code::timeout,
            "run " + std::string(run_id) + " is still " + std::string(to_string(summary.status)));
      }
      wait_for = std::min(wait_for, left);
    }
    // Woken by every write to the run; the interval bounds how late an
    // executor that died (and so writes nothing more) is noticed.
    if ((*watch)->wait(wait_for) == RunDirWatch::Wake::stopped) {
      return fail(Code::cancelled, "waiting for run " + std::string(run_id) + " was cancelled");
    }
  }
}

}  // namespace lf::core
