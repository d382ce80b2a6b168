#pragma once

// Waiting for the outcomes of many committed requests at once, without busy
// polling. On ctxfs each request's <outbox>/<id>.wait file is polled (inotify
// does not report files a FUSE daemon creates by itself); on an ordinary
// directory standing in for CortexFS (tests, sandboxes) the outbox is watched
// with inotify. Either way the caller learns which requests now have an
// outcome and reads it with read_outcome().
// Thread-safety: one thread uses a waiter; interrupt() may be called from any
// thread or from a signal handler.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <lightflow/base/result.hpp>
#include <lightflow/cortex/exchange.hpp>

namespace lf::cortex {

class OutcomeWaiter {
 public:
  /// Errors: io_error when the kernel refuses an inotify instance or eventfd.
  static Result<std::unique_ptr<OutcomeWaiter>> create();

  ~OutcomeWaiter();
  OutcomeWaiter(const OutcomeWaiter&) = delete;
  OutcomeWaiter& operator=(const OutcomeWaiter&) = delete;

  /// Starts waiting for `exchange`'s outcome. Watching an id twice is a no-op.
  /// Errors: io_error when neither its wait file nor its outbox can be watched;
  /// unavailable when the mount's daemon has died (ENOTCONN).
  Result<void> watch(const Exchange& exchange);

  /// Stops waiting for `request_id` (no-op when not watched).
  void unwatch(const std::string& request_id);

  /// The number of requests being waited for.
  std::size_t size() const noexcept { return watched_.size(); }

  /// Blocks until at least one watched request has an outcome, `timeout`
  /// passes, or interrupt() is called. Returns the ids that now have an outcome
  /// (empty on timeout or interrupt); they stay watched until unwatch().
  /// Errors: unavailable when the mount's daemon has died (ENOTCONN), with
  /// the command that recovers it, instead of waiting out the timeout.
  Result<std::vector<std::string>> wait(std::chrono::milliseconds timeout);

  /// Makes a blocked or the next wait() return at once. Async-signal-safe.
  void interrupt() noexcept;

 private:
  struct Watched {
    Exchange exchange;
    int wait_fd = -1;          ///< the .wait file on ctxfs, or -1
    int directory_watch = -1;  ///< inotify watch of the outbox, or -1
    bool needs_look = true;    ///< something may have changed since the last look
  };

  /// What ended a poll: an outbox change or a timeout, a wait file that
  /// signalled, or interrupt().
  enum class Wake { changed, wait_file, interrupted };

  OutcomeWaiter(int inotify_fd, int wake_fd);
  Result<Wake> poll_once(std::chrono::milliseconds timeout);
  bool backoff_interrupted();
  Result<std::vector<std::string>> ready_now();
  void drain_inotify();

  int inotify_fd_;
  int wake_fd_;
  std::map<std::string, Watched> watched_;
  std::map<int, int> directory_watch_users_;  // inotify watch -> number of requests
};

}  // namespace lf::cortex
