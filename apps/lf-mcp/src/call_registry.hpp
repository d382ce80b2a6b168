#pragma once

// The long calls in flight: each runs on a std::jthread of its own, under a
// key naming the client's request (scope and request id), so that
// notifications/cancelled can request its stop. At most a fixed number run at
// once; finished threads are joined when the next call starts.
// Thread-safety: every method may be called from any thread.

#include <atomic>
#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

namespace lf::mcp {

class CallRegistry {
 public:
  explicit CallRegistry(std::size_t max_calls) : max_calls_(max_calls) {}

  /// Stops every call and waits for them.
  ~CallRegistry() { stop_all(); }

  CallRegistry(const CallRegistry&) = delete;
  CallRegistry& operator=(const CallRegistry&) = delete;

  /// Runs `work` on a thread of its own under `key`. False (and `work` is not
  /// run) when max_calls calls are in flight already.
  bool start(std::string key, std::function<void(std::stop_token)> work);

  /// Requests the stop of the calls under `key`; false when there is none.
  bool cancel(const std::string& key);

  /// Requests the stop of every call and joins them all; stopping() is true
  /// from then on.
  void stop_all();

  const std::atomic<bool>& stopping() const noexcept { return stopping_; }

 private:
  struct Call {
    std::string key;
    std::shared_ptr<std::atomic<bool>> done;
    std::jthread thread;
  };

  /// Joins and forgets the calls that have ended. REQUIRES: mutex_ held.
  void reap();

  std::size_t max_calls_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;  ///< guards calls_
  std::list<Call> calls_;
};

/// The registry key of request `id` (its JSON text) from the client `scope`.
std::string call_key(const std::string& scope, const std::string& id_json);

}  // namespace lf::mcp
