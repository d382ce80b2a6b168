#pragma once

// Being told, without a thread of one's own, that a run's record may have
// changed: an event appended to events.jsonl, the manifest replaced, an
// executor (in this or another process) starting or ending. Made by
// Service::watch_run. The callback runs on a thread the Service owns (one for
// every watch) or on the thread of an execution that just ended; it must
// return quickly and not block (post the real work to the caller's own
// executor, then read with Service::run_events, run_status, run_wait with a
// deadline of now). It is a hint, not a count: several changes may be told
// once, and a change may be told with nothing new to read.
// Thread-safety: a RunWatch is used by one thread at a time; callbacks of one
// watch never run concurrently with each other.

#include <memory>

namespace lf::core {

namespace detail {
class RunChangeNotifier;
struct RunWatchEntry;
}  // namespace detail

class RunWatch {
 public:
  RunWatch() = default;
  RunWatch(RunWatch&& other) noexcept = default;
  RunWatch& operator=(RunWatch&& other) noexcept;
  RunWatch(const RunWatch&) = delete;
  RunWatch& operator=(const RunWatch&) = delete;

  /// Stops the callbacks: once it returns, the callback is not running and
  /// will not run again (unless it is called from inside that callback).
  ~RunWatch();

  /// Made by Service::watch_run.
  RunWatch(std::shared_ptr<detail::RunChangeNotifier> notifier,
           std::shared_ptr<detail::RunWatchEntry> entry)
      : notifier_(std::move(notifier)), entry_(std::move(entry)) {}

 private:
  void reset() noexcept;

  std::shared_ptr<detail::RunChangeNotifier> notifier_;
  std::shared_ptr<detail::RunWatchEntry> entry_;
};

}  // namespace lf::core
