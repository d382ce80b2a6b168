#pragma once

// Execution as an engine inside the process. Service::launch_exec,
// launch_resume and launch_rerun start driving a run on a thread of its own
// and return an ExecutionHandle at once: cancel it, subscribe to its events,
// wait for its end with a deadline and a stop token. The Service keeps a
// registry of the executions running in the process, so Service::run_cancel
// reaches a running executor at once and Service::run_delete refuses a run
// that is being executed. A cancel or an edit made by another process reaches
// the executor through the run's own record within 200 ms.
//
// Live events are exactly the events saved in events.jsonl (run_events.hpp),
// delivered in seq order behind a bounded queue per subscriber: a subscriber
// that falls `capacity` events behind is dropped and told so, and never slows
// the executor; it resumes from Service::run_events(run, last_seq()).
//
// Thread-safety: every member of ExecutionHandle may be called from any
// thread, concurrently; handles are cheap to copy and share one execution.
// An EventSubscription is used by one thread at a time.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include <lightflow/base/result.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/run_events.hpp>

namespace lf::core {

namespace detail {
struct ExecutionState;
struct SubscriberQueue;
}  // namespace detail

/// A point in time to give up at; std::nullopt waits without limit.
using Deadline = std::optional<std::chrono::steady_clock::time_point>;

/// What EventSubscription::next() found.
enum class DeliveryStatus {
  event,      ///< `event` holds the next event
  timed_out,  ///< the deadline passed first
  ended,      ///< the execution ended and every event was delivered
  dropped,    ///< the subscriber fell behind and was dropped (no more events)
};

struct Delivery {
  DeliveryStatus status = DeliveryStatus::timed_out;
  std::optional<RunEvent> event;  ///< with DeliveryStatus::event
};

/// The events of one execution, from the seq asked for to the end.
class EventSubscription {
 public:
  /// Capacity of a subscriber's queue when none is given.
  static constexpr std::size_t kDefaultCapacity = 4096;

  EventSubscription(EventSubscription&& other) noexcept;
  EventSubscription& operator=(EventSubscription&& other) noexcept;
  EventSubscription(const EventSubscription&) = delete;
  EventSubscription& operator=(const EventSubscription&) = delete;
  /// Unsubscribes.
  ~EventSubscription();

  /// Blocks until the next event (in seq order, without gaps), the end of the
  /// execution, a drop, or `deadline`.
  Delivery next(Deadline deadline);

  /// The seq of the last event next() returned (the after_seq subscribed
  /// with, before the first).
  std::uint64_t last_seq() const noexcept { return last_seq_; }

 private:
  friend class ExecutionHandle;
  EventSubscription(std::shared_ptr<detail::ExecutionState> state,
                    std::shared_ptr<detail::SubscriberQueue> queue,
                    std::uint64_t after_seq);

  std::shared_ptr<detail::ExecutionState> state_;
  std::shared_ptr<detail::SubscriberQueue> queue_;
  std::uint64_t last_seq_ = 0;
};

/// One execution running (or finished) in this process.
class ExecutionHandle {
 public:
  const std::string& run_id() const noexcept;

  /// Asks the executor to stop: it marks the run cancelled (planned and
  /// submitted steps become cancelled, run.cancelled is written), commits
  /// nothing more and ends. Returns at once; idempotent; no-op once ended.
  void cancel() const noexcept;

  /// The seq of the newest event saved before this execution began:
  /// subscribe(started_after_seq()) gives exactly the execution's own events.
  std::uint64_t started_after_seq() const noexcept;

  /// Whether the execution has ended (wait() would not block).
  bool finished() const noexcept;

  /// The events written after `after_seq` (0: from the run's first event,
  /// run.created), then every event the execution writes until it ends.
  /// Events saved before the call come from events.jsonl, later ones live.
  EventSubscription subscribe(std::uint64_t after_seq = 0,
                              std::size_t capacity = EventSubscription::kDefaultCapacity) const;

  /// Blocks until the execution ends and returns how it ended: a run that
  /// failed or was cancelled is a result (summary.status), not an error.
  /// Errors: those the execution met (unavailable when CortexFS is not
  /// mounted, the run store's errors); timeout when `deadline` passes first;
  /// cancelled when `stop` is requested first (the execution goes on).
  Result<ExecResult> wait(Deadline deadline = std::nullopt, std::stop_token stop = {}) const;

  /// Handles are made by Service::launch_*; the state is internal.
  explicit ExecutionHandle(std::shared_ptr<detail::ExecutionState> state)
      : state_(std::move(state)) {}

 private:
  std::shared_ptr<detail::ExecutionState> state_;
};

}  // namespace lf::core
