#pragma once

// The executions running in one Service's process, so that run_cancel and
// run_delete reach a running executor, and the threads that drive them: each
// is joined once its execution ended (at the next launch) or when the Service
// goes away (which cancels what still runs and waits for it).
// Thread-safety: every member may be called from any thread.

#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include <lightflow/base/result.hpp>

#include "execution/execution_state.hpp"

namespace lf::core {

class ExecutionRegistry {
 public:
  explicit ExecutionRegistry(std::size_t max_running) : max_running_(max_running) {}

  ~ExecutionRegistry();
  ExecutionRegistry(const ExecutionRegistry&) = delete;
  ExecutionRegistry& operator=(const ExecutionRegistry&) = delete;

  /// Holds a place for one more execution; unavailable when `max_running`
  /// executions run (or are being launched) already. Joins the threads of the
  /// ones that ended. Each place is then given back by add() or release().
  Result<void> reserve();

  /// Gives back a place reserve() held, for a launch that failed.
  void release();

  /// Adds a started execution and the thread that drives it, in the place
  /// reserve() held.
  void add(std::shared_ptr<detail::ExecutionState> state, std::thread thread);

  /// The running execution of `run_id`, or nullptr.
  std::shared_ptr<detail::ExecutionState> find(std::string_view run_id) const;

  /// Cancels every running execution and joins every thread.
  void shutdown();

 private:
  struct Entry {
    std::shared_ptr<detail::ExecutionState> state;
    std::thread thread;
  };

  const std::size_t max_running_;
  mutable std::mutex mutex_;  // guards entries_ and reserved_
  std::vector<Entry> entries_;
  std::size_t reserved_ = 0;  // launches between reserve() and add()
};

}  // namespace lf::core
