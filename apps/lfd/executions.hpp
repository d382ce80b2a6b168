#pragma once

// The executions this lfd process launched (Service::launch_exec,
// launch_resume, launch_rerun). The core runs each on a thread of its own,
// cancels it on run_cancel and refuses run_delete while it runs; lfd only
// keeps the handles to know, at shutdown, whether runs are still executing:
// those are left resumable instead of being cancelled by the Service's
// destructor (main.cpp). Thread-safety: every method may be called from any
// thread.

#include <cstddef>
#include <mutex>
#include <vector>

#include <lightflow/core/engine.hpp>

namespace lf::lfd {

class Executions {
 public:
  /// Remembers `handle`; forgets the executions that have ended.
  void add(core::ExecutionHandle handle);

  /// How many launched executions have not ended.
  std::size_t active() const;

 private:
  mutable std::mutex mutex_;  ///< guards handles_
  std::vector<core::ExecutionHandle> handles_;
};

}  // namespace lf::lfd
