#pragma once

// Runs a real executable as a user would: argv in; stdout, stderr and exit code
// out. Used by the integration tests to drive lf, lfd, lf-mcp and ctxfs.
// Not thread-safe per object; separate calls may run concurrently.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lf_test {

struct ProcessResult {
  int exit_code = -1;  ///< exit status, or 128 + signal number
  std::string out;
  std::string err;
};

struct ProcessOptions {
  /// Variables to set (or, with std::nullopt, remove) on top of this process's
  /// environment.
  std::map<std::string, std::optional<std::string>> env;
  std::optional<std::filesystem::path> cwd;
  std::string stdin_data;
  std::chrono::milliseconds timeout{60000};
};

/// Runs `argv` (argv[0] is the executable path) to completion. A child that
/// outlives `timeout` is killed with SIGKILL and reported with exit code 137.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// The value of `variable` in this process's environment or, failing that, in
/// the file named by LF_TEST_ENV_FILE (VAR=value lines, written by CMake for
/// each integration test); std::nullopt when neither has it.
std::optional<std::string> env_value(const char* variable);

/// The path of a built binary, from env_value(variable); throws if it is unset.
std::filesystem::path binary_from_env(const char* variable);

/// A child that keeps running in the background until stop() or destruction,
/// which send SIGTERM, wait up to 5 s, then SIGKILL. Output goes to the files
/// given (or /dev/null).
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv,
                    const ProcessOptions& options = {},
                    const std::optional<std::filesystem::path>& log_file = std::nullopt);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }

  /// True while the child has not exited.
  bool running();

  /// Sends `signal` and waits (up to `grace`, then SIGKILL) for the exit;
  /// returns the exit code as run_process reports it. Idempotent.
  int stop(int signal = 15, std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace lf_test
