// The Service's execution operations: run a workflow to the end in this
// process (exec, resume, rerun) or in a detached one (start), and wait for a
// run to end.

#include <fcntl.h>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include <boost/json.hpp>

#include <lightflow/core/service.hpp>

#include "execution/executor_lock.hpp"
#include "execution/run_executor.hpp"
#include "planning/run_preparation.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

constexpr auto kExecutorCheckInterval = std::chrono::seconds(1);
constexpr auto kStartHandshake = std::chrono::seconds(5);

bool terminal(RunStatus status) {
  return status == RunStatus::succeeded || status == RunStatus::failed
         || status == RunStatus::cancelled;
}

// Whether a process holds the run's executor lock right now.
bool being_executed(const std::filesystem::path& run_dir) {
  return !ExecutorLock::try_acquire(run_dir).has_value();
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

std::vector<std::string> executor_arguments(const std::string& executable,
                                            const std::string& run_id,
                                            const ServiceConfig& config,
                                            const ExecOptions& options) {
  std::vector<std::string> args{executable,
                                "run",
                                "resume",
                                run_id,
                                "--json",
                                "--project",
                                config.project_root.string(),
                                "--parallel",
                                std::to_string(options.max_parallel)};
  if (options.step_timeout) {
    args.push_back("--step-timeout");
    args.push_back(std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(*options.step_timeout).count()));
  }
  if (options.max_attempts) {
    args.push_back("--retries");
    args.push_back(std::to_string(*options.max_attempts - 1));
  }
  if (options.cache == CacheMode::bypass) {
    args.push_back("--no-cache");
  }
  return args;
}

// Forks a session leader that runs `args` with stdout and stderr in `log`.
Result<int> spawn_detached(const std::vector<std::string>& args, const std::filesystem::path& log) {
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return fail(errno_error(errno, log.string()));
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int errnum = errno;
    close(log_fd);
    return fail(errno_error(errnum, "fork"));
  }
  if (pid == 0) {
    setsid();
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    std::vector<char*> argv;
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));  // NOLINT: execv's signature
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  return static_cast<int>(pid);
}

}  // namespace

Result<ExecResult> Service::run_resume(std::string_view run_id,
                                       const ExecOptions& options,
                                       const ExecObserver& observer,
                                       ExecutionControl* control) const {
  return RunExecutor(*this, options, observer, control).execute(run_id);
}

Result<ExecResult> Service::run_exec(const CreateRunRequest& request,
                                     const ExecOptions& options,
                                     const ExecObserver& observer,
                                     ExecutionControl* control) const {
  auto created = create_run(config_, request);
  if (!created) {
    return fail(std::move(created).error());
  }
  const std::string run_id = created->manifest.run_id;
  // The executor starts from the manifest just written instead of reading it back.
  return RunExecutor(*this, options, observer, control).execute(run_id, std::move(*created));
}

Result<ExecResult> Service::run_rerun(const RerunRequest& request,
                                      const ExecOptions& options,
                                      const ExecObserver& observer,
                                      ExecutionControl* control) const {
  if (!request.inputs_patch.is_object()) {
    return fail(Code::invalid_argument, "--inputs for a rerun must be a JSON object");
  }
  auto source = run_request(request.source_run_id);
  if (!source) {
    return fail(std::move(source).error());
  }
  const boost::json::value* workflow = source->if_contains("workflow_asset_id");
  const boost::json::value* inputs = source->if_contains("inputs");
  if (workflow == nullptr || !workflow->is_string()) {
    return fail(Code::corruption,
                "run " + request.source_run_id + ": request.json names no workflow");
  }
  CreateRunRequest next{
      request.run_id,
      std::string(workflow->get_string()),
      merged_inputs(inputs ? *inputs : boost::json::value(), request.inputs_patch)};
  return run_exec(next, options, observer, control);
}

Result<RunStarted> Service::run_start(const CreateRunRequest& request,
                                      const ExecOptions& options,
                                      const std::string& executable) const {
  auto created = run_create(request);
  if (!created) {
    return fail(std::move(created).error());
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(created->run_id);
  const std::filesystem::path log = run_dir / "executor.log";
  auto pid = spawn_detached(executor_arguments(executable, created->run_id, config_, options), log);
  if (!pid) {
    return fail(std::move(pid).error());
  }
  // Return once the executor holds the run, so that an immediate `lf run wait`
  // never mistakes a starting executor for a missing one.
  const auto deadline = std::chrono::steady_clock::now() + kStartHandshake;
  while (!being_executed(run_dir) && std::chrono::steady_clock::now() < deadline) {
    auto manifest = store.read(created->run_id);
    if (manifest && terminal(summarize(*manifest).status)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return RunStarted{created->run_id, *pid, log.string()};
}

Result<RunStatusSummary> Service::run_wait(std::string_view run_id,
                                           std::optional<std::chrono::milliseconds> timeout) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(run_id);
  const int inotify_fd = inotify_init1(IN_CLOEXEC);
  if (inotify_fd < 0) {
    return fail(errno_error(errno, "inotify_init1"));
  }

  struct Closer {
    int fd;

    ~Closer() { close(fd); }
  } closer{inotify_fd};

  // The manifest is replaced by rename on every change.
  inotify_add_watch(inotify_fd, run_dir.c_str(), IN_MOVED_TO | IN_DELETE_SELF);
  const auto deadline =
      timeout ? std::optional(std::chrono::steady_clock::now() + *timeout) : std::nullopt;
  for (;;) {
    auto manifest = store.read(run_id);
    if (!manifest) {
      return fail(std::move(manifest).error());
    }
    RunStatusSummary summary = summarize(*manifest);
    const bool executing = being_executed(run_dir);
    if (!executing && (terminal(summary.status) || manifest->cancelled)) {
      return summary;
    }
    if (!executing) {
      return fail(Code::failed_precondition,
                  "run " + std::string(run_id) + " is " + std::string(to_string(summary.status))
                      + " and no process is executing it; continue it with: lf run resume "
                      + std::string(run_id));
    }
    auto wait_for = std::chrono::duration_cast<std::chrono::milliseconds>(kExecutorCheckInterval);
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        return fail(
            Code::timeout,
            "run " + std::string(run_id) + " is still " + std::string(to_string(summary.status)));
      }
      wait_for = std::min(wait_for, left);
    }
    // Woken by every manifest rewrite; the interval bounds how late a crashed
    // executor (which writes nothing more) is noticed.
    pollfd fd{inotify_fd, POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(wait_for.count())) > 0) {
      alignas(inotify_event) char buffer[4096];
      [[maybe_unused]] const ssize_t n = read(inotify_fd, buffer, sizeof buffer);
    }
  }
}

}  // namespace lf::core
