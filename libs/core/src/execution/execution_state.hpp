#pragma once

// The shared state behind an ExecutionHandle (engine.hpp): the executor's
// thread publishes events and its result here; handles, subscriptions and the
// Service's registry read them.
// Lock order: ExecutionState::mutex before SubscriberQueue::mutex. The
// executor's thread holds them only to append to queues, never to wait.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <lightflow/core/engine.hpp>

#include "execution/execution_control.hpp"

namespace lf::core::detail {

struct SubscriberQueue {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<RunEvent> events;   // live events not yet taken, at most `capacity`
  std::deque<RunEvent> backlog;  // events saved before subscribing, read from the file
  std::size_t capacity = 0;
  bool dropped = false;
  bool ended = false;
};

struct ExecutionState {
  ExecutionState(std::string run, std::filesystem::path state)
      : run_id(std::move(run)), state_dir(std::move(state)) {}

  const std::string run_id;
  const std::filesystem::path state_dir;  // where the run store is
  ExecutionControl control;
  std::uint64_t started_after_seq = 0;  // set before the executor's thread starts

  std::mutex mutex;
  std::condition_variable_any finished;      // notified once `result` is set
  std::uint64_t published_seq = 0;           // the newest event handed to subscribers
  std::optional<Result<ExecResult>> result;  // set when the execution ended
  std::vector<std::shared_ptr<SubscriberQueue>> subscribers;

  /// Hands `event` to every subscriber, dropping the ones whose queue is full.
  void publish(const RunEvent& event);

  /// Records how the execution ended and ends every subscription.
  void finish(Result<ExecResult> outcome);

  bool done() {
    const std::lock_guard lock(mutex);
    return result.has_value();
  }
};

}  // namespace lf::core::detail
