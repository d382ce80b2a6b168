#pragma once

// The per-run lock that serialises every read-modify-write of a run's
// manifest, across threads and processes: flock(2) on <run>/.lock.
// Thread-safety: one RunLock per holder; the lock is released on destruction
// (and by the kernel if the process dies, so a crash never leaves it held).

#include <filesystem>

#include <lightflow/base/result.hpp>

namespace lf::core {

class RunLock {
 public:
  /// Blocks until the caller holds the lock of the run in `run_dir`.
  /// Errors: not_found "run <id>" when the run directory does not exist (or
  /// was deleted while we waited), io_error for other failures.
  static Result<RunLock> acquire(const std::filesystem::path& run_dir);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  ~RunLock();

 private:
  explicit RunLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

}  // namespace lf::core
