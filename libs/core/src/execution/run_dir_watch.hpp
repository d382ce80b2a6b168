#pragma once

// Waiting for a run's record to change, written by any process: inotify on
// the run directory (the manifest is replaced by rename or its journal
// appended; events.jsonl is appended), plus an eventfd that a stop token
// signals. Run directories live on an ordinary filesystem, where inotify
// sees every write. Used by run_wait and run_events_follow.
// Thread-safety: one thread per RunDirWatch.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>

#include <lightflow/base/result.hpp>

namespace lf::core {

class RunDirWatch {
 public:
  enum class Wake { changed, timed_out, stopped };

  /// Errors: io_error when the kernel refuses an inotify instance or eventfd;
  /// not_found when the directory does not exist.
  static Result<std::unique_ptr<RunDirWatch>> create(const std::filesystem::path& run_dir,
                                                     std::stop_token stop);
  ~RunDirWatch();
  RunDirWatch(const RunDirWatch&) = delete;
  RunDirWatch& operator=(const RunDirWatch&) = delete;

  /// Blocks until something in the directory changes, `timeout` passes or
  /// the stop token is signalled.
  Wake wait(std::chrono::milliseconds timeout);

 private:
  RunDirWatch(int inotify_fd, int stop_fd, std::stop_token stop);

  int inotify_fd_;
  int stop_fd_;
  std::stop_token stop_token_;
  // Reset first in the destructor, before stop_fd_ is closed.
  std::optional<std::stop_callback<std::function<void()>>> on_stop_;
};

}  // namespace lf::core
