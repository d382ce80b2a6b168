#pragma once

// Lets another thread cancel a running execution: the executor marks the run
// cancelled, commits nothing more and returns. ExecutionHandle::cancel() and
// Service::run_cancel reach a running executor through it.
// Thread-safety: cancel() and cancelled() from any thread (not from a signal
// handler); attach() only by the executor's thread.

#include <atomic>
#include <mutex>

#include <lightflow/cortex/outcome_waiter.hpp>

namespace lf::core {

class ExecutionControl {
 public:
  void cancel() noexcept {
    cancelled_.store(true);
    const std::lock_guard lock(mutex_);
    if (waiter_ != nullptr) {
      waiter_->interrupt();
    }
  }

  bool cancelled() const noexcept { return cancelled_.load(); }

  /// Used by the executor to be woken by cancel(); attach(nullptr) before the
  /// waiter is destroyed. REQUIRES: one waiter at a time.
  void attach(cortex::OutcomeWaiter* waiter) noexcept {
    const std::lock_guard lock(mutex_);
    waiter_ = waiter;
    if (waiter_ != nullptr && cancelled()) {
      waiter_->interrupt();  // a cancel that came before the waiter existed
    }
  }

 private:
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;  // guards waiter_ against its destruction during cancel()
  cortex::OutcomeWaiter* waiter_ = nullptr;
};

}  // namespace lf::core
