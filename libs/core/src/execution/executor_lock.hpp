#pragma once

// One executor per run: whoever drives a run (an execution in this process,
// the detached executor, another lf or lfd) holds <run>/.executor while it
// does, so two executors never schedule the same run. An open-file-description
// lock (F_OFD_SETLK): it is released by the kernel when the holder dies, which
// is what lets a resume take over after a crash, and two executors in one
// process exclude each other as two processes do. The holder writes its pid
// into the file. held() looks without taking the lock (F_OFD_GETLK), so a
// probe never makes a real executor's attempt fail.
// Thread-safety: one ExecutorLock per holder; held() from any thread.

#include <filesystem>
#include <optional>

#include <lightflow/base/result.hpp>

namespace lf::core {

class ExecutorLock {
 public:
  /// Takes the lock without waiting. Errors: conflict "run <id> is already
  /// being executed"; io_error.
  static Result<ExecutorLock> try_acquire(const std::filesystem::path& run_dir);

  /// Whether an executor holds the lock of the run in `run_dir` right now.
  static bool held(const std::filesystem::path& run_dir);

  /// The pid the current holder recorded, or std::nullopt when the run is not
  /// being executed.
  static std::optional<int> holder_pid(const std::filesystem::path& run_dir);

  ExecutorLock(ExecutorLock&& other) noexcept;
  ExecutorLock& operator=(ExecutorLock&&) = delete;
  ExecutorLock(const ExecutorLock&) = delete;
  ExecutorLock& operator=(const ExecutorLock&) = delete;
  ~ExecutorLock();

 private:
  explicit ExecutorLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

}  // namespace lf::core
