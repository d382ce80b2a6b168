#pragma once

// The runs this lfd process executes. Each execution runs a Service call
// (run_exec, run_resume, run_rerun) on a thread of its own, so a run that
// takes minutes holds neither an I/O thread nor a worker; its
// ExecutionControl is kept so that a cancel over HTTP reaches it at once.
// Thread-safety: every method may be called from any thread.

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>
#include <lightflow/core/execution.hpp>

namespace lf::lfd {

class Executions {
 public:
  using Launch =
      std::function<Result<core::ExecResult>(const core::ExecObserver&, core::ExecutionControl*)>;

  /// Called once: with the run id as soon as the execution reports its first
  /// event (the run exists and is being executed), or with the error when the
  /// launch fails before that.
  using Started = std::function<void(Result<std::string>)>;

  explicit Executions(std::size_t limit) : limit_(limit) {}

  /// Runs `launch` on a new thread. Errors: unavailable when `limit`
  /// executions are running already.
  Result<void> start(Launch launch, Started started);

  /// Cancels this process's execution of `run_id`; false when there is none.
  bool cancel(std::string_view run_id);

  /// True while this process executes `run_id`.
  bool executing(std::string_view run_id) const;

  std::size_t active() const;

 private:
  void finished(const std::string& run_id, const std::shared_ptr<core::ExecutionControl>& control);

  std::size_t limit_;
  mutable std::mutex mutex_;  ///< guards the two members below
  std::size_t threads_ = 0;
  std::multimap<std::string, std::shared_ptr<core::ExecutionControl>, std::less<>> running_;
};

}  // namespace lf::lfd
