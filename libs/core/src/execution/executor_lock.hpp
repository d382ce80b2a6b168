#pragma once

// One executor per run: `lf run exec`, `lf run resume` and the detached
// `lf run start` process each hold <run>/.executor while they drive a run, so
// two processes never schedule the same run. flock(2), released by the kernel
// when the holder dies, which is what lets `lf run resume` take over after a
// crash. Thread-safety: one ExecutorLock per holder.

#include <filesystem>

#include <lightflow/base/result.hpp>

namespace lf::core {

class ExecutorLock {
 public:
  /// Takes the lock without waiting. Errors: conflict "run <id> is already
  /// being executed by another process"; io_error.
  static Result<ExecutorLock> try_acquire(const std::filesystem::path& run_dir);

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
