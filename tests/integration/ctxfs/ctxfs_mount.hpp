#pragma once

// A real ctxfs mount on a temporary directory for integration tests. The
// daemon runs in the foreground as a child; the destructor always unmounts
// (fusermount3 -u, then -uz) and stops the daemon, also when a test fails.
// Tests call skip_unless_fuse() first: without /dev/fuse or fusermount3 the
// process exits with 77, which CTest reports as skipped.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace ctxfs_test {

/// The absolute path of program `name` found on PATH, or "" (run_process
/// executes paths, not names).
std::string find_program(const std::string& name);

/// Exits the process with 77 when FUSE mounts cannot be made here.
void skip_unless_fuse();

struct MountOptions {
  std::map<std::string, std::optional<std::string>> env;  ///< extra daemon environment
  std::vector<std::string> extra_args;                    ///< extra ctxfs flags
};

class CtxfsMount {
 public:
  explicit CtxfsMount(MountOptions options = {});
  ~CtxfsMount();
  CtxfsMount(const CtxfsMount&) = delete;
  CtxfsMount& operator=(const CtxfsMount&) = delete;

  const std::filesystem::path& root() const noexcept { return mount_; }

  std::filesystem::path home() const;
  std::filesystem::path inbox(const std::string& format = "openai.chat") const;
  std::filesystem::path outbox(const std::string& format = "openai.chat") const;

  const std::filesystem::path& state_dir() const noexcept { return state_; }

  const std::filesystem::path& config_dir() const noexcept { return config_; }

  /// Unmounts and stops the daemon (SIGKILL with `crash`), then mounts again
  /// with the same state and config directories and `options`.
  void restart(MountOptions options, bool crash);

  /// Sends `signal` to the foreground daemon and waits for it to exit;
  /// returns its exit code.
  int signal_daemon(int signal);

  /// Waits up to 5 s for the daemon to exit by itself; returns its exit code,
  /// or 137 when it had to be killed.
  int wait_daemon_exit();

  /// Starts a new daemon with the same directories while the old mount is
  /// still in the table (a dead endpoint after a crash), as a user would
  /// after kill -9; returns once the new one serves.
  void start_over(MountOptions options);

  /// The daemon's stdout and stderr so far.
  std::string daemon_log() const;

  /// The foreground daemon's pid (-1 when stopped).
  pid_t daemon_pid() const noexcept { return daemon_ ? daemon_->pid() : -1; }

  /// True while the mount point is in the mount table.
  bool is_mounted() const;

  /// Unmounts and stops the daemon; idempotent.
  void stop(bool crash = false);

 private:
  void start(const MountOptions& options);

  lf_test::TempDir dir_{"ctxfs-it"};
  std::filesystem::path mount_;
  std::filesystem::path state_;
  std::filesystem::path config_;
  std::unique_ptr<lf_test::BackgroundProcess> daemon_;
};

/// Writes `content` to `path` with open/write/close (a staged file).
void write_text(const std::filesystem::path& path, const std::string& content);

/// Reads a whole file; throws with the errno text when it cannot.
std::string read_text(const std::filesystem::path& path);

/// errno of rename(from, to) (0 on success).
int rename_errno(const std::filesystem::path& from,
                 const std::filesystem::path& to,
                 unsigned flags = 0);

/// Stages `body` as <id>.tmp in `inbox` and renames it to <id>.req.json; returns errno.
int commit(const std::filesystem::path& inbox, const std::string& id, const std::string& body);

/// Blocks on <outbox>/<id>.wait (poll with `timeout`, then read); returns
/// "resp\n", "error\n", or "" on timeout.
std::string wait_outcome(const std::filesystem::path& outbox,
                         const std::string& id,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));

/// A chat request body whose last user message is `text` (and model, if set).
std::string chat_body(const std::string& text, const std::string& model = "");

}  // namespace ctxfs_test
