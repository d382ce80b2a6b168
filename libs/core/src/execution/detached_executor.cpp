// lf-executor's two modes (detached_executor.hpp): detach, then execute.

#include "execution/detached_executor.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <string>
#include <thread>

#include <boost/json.hpp>

#include <lightflow/core/executor_main.hpp>
#include <lightflow/core/json_text.hpp>

#include "execution/run_executor.hpp"
#include "execution/run_owner.hpp"

extern char** environ;

namespace lf::core {
namespace {

std::string text_of(const boost::json::object& request, std::string_view key) {
  const boost::json::value* value = request.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::int64_t number_of(const boost::json::object& request, std::string_view key) {
  const boost::json::value* value = request.if_contains(key);
  if (value == nullptr || !value->is_number()) {
    return -1;
  }
  boost::system::error_code ec;
  const auto number = value->to_number<std::int64_t>(ec);
  return ec ? -1 : number;
}

// Starts `lf-executor <request>` in a new session, stdin from /dev/null and
// stdout and stderr appended to `log`. posix_spawn allocates nothing between
// its fork and exec; the arguments are built before.
int detach(const char* log, char* request) {
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (ec) {
    std::cerr << "lf-executor: /proc/self/exe: " << ec.message() << '\n';
    return 1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attributes);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
  char* argv[] = {const_cast<char*>(self.c_str()), request, nullptr};  // NOLINT: posix_spawn's
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, self.c_str(), &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    std::cerr << "lf-executor: " << errno_error(rc, self).message << '\n';
    return 1;
  }
  return 0;
}

int execute(std::string_view request_text) {
  boost::system::error_code parse_error;
  const boost::json::value parsed = boost::json::parse(request_text, parse_error);
  if (parse_error || !parsed.is_object()) {
    std::cerr << "lf-executor: the request is not a JSON object\n";
    return 1;
  }
  const boost::json::object& request = parsed.get_object();
  ServiceConfig config;
  config.project_root = text_of(request, "project_root");
  config.ctx = ctxabi::Layout(text_of(request, "ctx_mount"),
                              static_cast<std::uint32_t>(number_of(request, "ctx_uid")));
  config.dirs.state = text_of(request, "state_dir");
  config.dirs.cache = text_of(request, "cache_dir");
  config.dirs.config = text_of(request, "config_dir");
  config.dirs.runtime = text_of(request, "runtime_dir");
  const ExecOptions options = exec_options_from_json(request);
  // SIGTERM and SIGINT cancel the run cleanly: they are blocked in every
  // thread and taken by one that waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ExecutionControl control;
  std::atomic<bool> ended{false};
  std::thread signal_waiter([&] {
    int received = 0;
    while (sigwait(&signals, &received) == 0 && !ended) {
      control.cancel();
    }
  });
  // The log shows the run's events as they are saved, one JSON object a line.
  RunExecutor executor(
      std::move(config),
      options,
      [](const RunEvent& event) { std::cout << to_compact_json(to_json(event)) << std::endl; },
      &control);
  auto result = executor.execute(text_of(request, "run_id"));
  ended = true;
  pthread_kill(signal_waiter.native_handle(), SIGTERM);  // wakes the waiter to end
  signal_waiter.join();
  if (!result) {
    std::cerr << "lf-executor: " << result.error().message << '\n';
    return 1;
  }
  return 0;
}

}  // namespace

std::string executor_request(const ServiceConfig& config,
                             std::string_view run_id,
                             const ExecOptions& options) {
  boost::json::object request{
      {"run_id", run_id},
      {"project_root", config.project_root.string()},
      {"ctx_mount", config.ctx.mount().string()},
      {"ctx_uid", config.ctx.uid()},
      {"state_dir", config.dirs.state.string()},
      {"cache_dir", config.dirs.cache.string()},
      {"config_dir", config.dirs.config.string()},
      {"runtime_dir", config.dirs.runtime.string()},
  };
  for (auto& [key, value] : exec_options_json(options)) {
    request[key] = std::move(value);
  }
  return boost::json::serialize(request);
}

int executor_main(int argc, char** argv) {
  const std::string_view first = argc > 1 ? argv[1] : "";
  if (argc == 4 && first == "--detach") {
    return detach(argv[2], argv[3]);
  }
  if (argc == 2 && !first.starts_with("--")) {
    return execute(first);
  }
  std::cerr << "lf-executor: started by LightFlow (Service::run_start), not by hand\n";
  return 2;
}

}  // namespace lf::core
