#pragma once

// A real lfd for integration tests: its own XDG directories, this repository
// as the project, a temporary CortexFS-shaped tree (or a real mount), on an
// ephemeral loopback port and optionally a Unix socket. The destructor stops
// it (SIGTERM, then SIGKILL) also when a test fails.

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace lfd_test {

struct LfdOptions {
  LfdOptions() {}  // not an aggregate: built with the with_…() calls below

  std::vector<std::string> args;  ///< extra lfd flags
  std::map<std::string, std::optional<std::string>> env;
  std::optional<std::filesystem::path> ctx_mount;  ///< a real ctxfs mount; else a plain tree
  bool unix_socket = false;

  LfdOptions& with_args(std::vector<std::string> more) {
    args.insert(args.end(), more.begin(), more.end());
    return *this;
  }

  LfdOptions& with_env(const std::string& name, const std::string& value) {
    env[name] = value;
    return *this;
  }

  LfdOptions& with_mount(const std::filesystem::path& mount) {
    ctx_mount = mount;
    return *this;
  }

  LfdOptions& with_unix_socket() {
    unix_socket = true;
    return *this;
  }
};

class LfdServer {
 public:
  explicit LfdServer(LfdOptions options = {});
  ~LfdServer();
  LfdServer(const LfdServer&) = delete;
  LfdServer& operator=(const LfdServer&) = delete;

  unsigned short port() const noexcept { return port_; }

  /// "http://127.0.0.1:<port>"
  std::string url() const;

  /// The Unix socket path (when LfdOptions::unix_socket).
  std::filesystem::path socket_path() const;

  /// Everything lfd wrote to stderr so far (the access log).
  std::string log() const;

  /// True once the log holds `text` (lfd logs a request after its answer is
  /// out, so a client may see the answer first); false after `timeout`.
  bool wait_for_log(const std::string& text,
                    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) const;

  /// The temporary directory this server lives in.
  const std::filesystem::path& dir() const noexcept { return dir_.path(); }

  /// The CortexFS inbox and outbox of openai.chat in the plain tree.
  std::filesystem::path inbox() const;
  std::filesystem::path outbox() const;

  /// Sends `signal` and waits for the exit; returns the exit code.
  int stop(int signal = 15, std::chrono::milliseconds grace = std::chrono::milliseconds(15000));

  pid_t pid() const { return process_->pid(); }

 private:
  lf_test::TempDir dir_{"lfd-it"};
  std::unique_ptr<lf_test::BackgroundProcess> process_;
  unsigned short port_ = 0;
};

/// Runs lfd with `args` to completion (for refusals at start).
lf_test::ProcessResult run_lfd(const std::vector<std::string>& args,
                               const std::map<std::string, std::optional<std::string>>& env = {});

/// The absolute path of `name` on PATH, or "".
std::string find_program(const std::string& name);

/// curl with `args` (the test is skipped when curl is missing).
lf_test::ProcessResult curl(const std::vector<std::string>& args);

}  // namespace lfd_test
