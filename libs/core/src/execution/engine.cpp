// The execution engine's shared pieces: the state an executor thread shares
// with its handles, event subscriptions with bounded queues, and the registry
// of running executions. Launching is in service/service_exec.cpp.

#include <algorithm>
#include <utility>

#include <lightflow/core/engine.hpp>

#include "execution/execution_registry.hpp"
#include "execution/execution_state.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace detail {

void ExecutionState::publish(const RunEvent& event) {
  const std::lock_guard lock(mutex);
  published_seq = std::max(published_seq, event.seq);
  std::erase_if(subscribers, [&](const std::shared_ptr<SubscriberQueue>& queue) {
    const std::lock_guard queue_lock(queue->mutex);
    if (queue->events.size() >= queue->capacity) {
      // Rationale: waiting for a slow reader would hold up every step of
      // the run; it is told, and can read the rest from events.jsonl.
      queue->dropped = true;
      queue->events.clear();
    } else {
      queue->events.push_back(event);
    }
    queue->ready.notify_all();
    return queue->dropped;
  });
}

void ExecutionState::finish(Result<ExecResult> outcome) {
  const std::lock_guard lock(mutex);
  result.emplace(std::move(outcome));
  for (const auto& queue : subscribers) {
    const std::lock_guard queue_lock(queue->mutex);
    queue->ended = true;
    queue->ready.notify_all();
  }
  subscribers.clear();
  finished.notify_all();
}

}  // namespace detail

EventSubscription::EventSubscription(std::shared_ptr<detail::ExecutionState> state,
                                     std::shared_ptr<detail::SubscriberQueue> queue,
                                     std::uint64_t after_seq)
    : state_(std::move(state)), queue_(std::move(queue)), last_seq_(after_seq) {}

EventSubscription::EventSubscription(EventSubscription&& other) noexcept
    : state_(std::move(other.state_)),
      queue_(std::move(other.queue_)),
      last_seq_(other.last_seq_) {}

EventSubscription& EventSubscription::operator=(EventSubscription&& other) noexcept {
  if (this != &other) {
    EventSubscription old(std::move(*this));
    state_ = std::move(other.state_);
    queue_ = std::move(other.queue_);
    last_seq_ = other.last_seq_;
  }
  return *this;
}

EventSubscription::~EventSubscription() {
  if (!state_ || !queue_) {
    return;
  }
  const std::lock_guard lock(state_->mutex);
  std::erase(state_->subscribers, queue_);
}

Delivery EventSubscription::next(Deadline deadline) {
  if (!queue_) {
    return Delivery{DeliveryStatus::ended, std::nullopt};
  }
  detail::SubscriberQueue& queue = *queue_;
  std::unique_lock lock(queue.mutex);
  for (;;) {
    std::deque<RunEvent>& source = !queue.backlog.empty() ? queue.backlog : queue.events;
    while (!source.empty()) {
      RunEvent event = std::move(source.front());
      source.pop_front();
      if (event.seq > last_seq_) {
        last_seq_ = event.seq;
        return Delivery{DeliveryStatus::event, std::move(event)};
      }
    }
    if (!queue.backlog.empty() || !queue.events.empty()) {
      continue;
    }
    if (queue.dropped) {
      return Delivery{DeliveryStatus::dropped, std::nullopt};
    }
    if (queue.ended) {
      return Delivery{DeliveryStatus::ended, std::nullopt};
    }
    if (!deadline) {
      queue.ready.wait(lock);
    } else if (queue.ready.wait_until(lock, *deadline) == std::cv_status::timeout
               && queue.events.empty() && !queue.dropped && !queue.ended) {
      return Delivery{DeliveryStatus::timed_out, std::nullopt};
    }
  }
}

const std::string& ExecutionHandle::run_id() const noexcept {
  return state_->run_id;
}

void ExecutionHandle::cancel() const noexcept {
  state_->control.cancel();
}

std::uint64_t ExecutionHandle::started_after_seq() const noexcept {
  return state_->started_after_seq;
}

bool ExecutionHandle::finished() const noexcept {
  return state_->done();
}

EventSubscription ExecutionHandle::subscribe(std::uint64_t after_seq, std::size_t capacity) const {
  auto queue = std::make_shared<detail::SubscriberQueue>();
  queue->capacity = std::max<std::size_t>(capacity, 1);
  std::uint64_t published = 0;
  {
    const std::lock_guard lock(state_->mutex);
    published = state_->published_seq;
    if (state_->result) {
      queue->ended = true;
    } else {
      state_->subscribers.push_back(queue);
    }
  }
  if (after_seq < published) {
    // Published events are saved first, so the file has all of them.
    auto saved = RunStore(state_->state_dir).read_events(state_->run_id, after_seq);
    if (saved) {
      const std::lock_guard lock(queue->mutex);
      for (RunEvent& event : saved->events) {
        if (event.seq <= published) {
          queue->backlog.push_back(std::move(event));
        }
      }
    }
  }
  return EventSubscription(state_, std::move(queue), after_seq);
}

Result<ExecResult> ExecutionHandle::wait(Deadline deadline, std::stop_token stop) const {
  std::unique_lock lock(state_->mutex);
  const auto ended = [this] {
    return state_->result.has_value();
  };
  const bool done = deadline ? state_->finished.wait_until(lock, stop, *deadline, ended)
                             : state_->finished.wait(lock, stop, ended);
  if (!done) {
    if (stop.stop_requested()) {
      return fail(Code::cancelled, "waiting for run " + state_->run_id + " was cancelled");
    }
    return fail(Code::timeout, "run " + state_->run_id + " is still running");
  }
  return *state_->result;
}

ExecutionRegistry::~ExecutionRegistry() {
  shutdown();
}

Result<void> ExecutionRegistry::reserve() {
  std::vector<std::thread> ended;
  Result<void> reserved;
  {
    const std::lock_guard lock(mutex_);
    std::erase_if(entries_, [&](Entry& entry) {
      if (!entry.state->done()) {
        return false;
      }
      ended.push_back(std::move(entry.thread));
      return true;
    });
    if (entries_.size() + reserved_ >= max_running_) {
      reserved = fail(
          Code::unavailable,
          "this process already runs " + std::to_string(max_running_) + " executions, its limit");
    } else {
      ++reserved_;
    }
  }
  for (std::thread& thread : ended) {
    thread.join();  // its execution ended: the thread is returning
  }
  return reserved;
}

void ExecutionRegistry::release() {
  const std::lock_guard lock(mutex_);
  --reserved_;
}

void ExecutionRegistry::add(std::shared_ptr<detail::ExecutionState> state, std::thread thread) {
  const std::lock_guard lock(mutex_);
  --reserved_;
  entries_.push_back(Entry{std::move(state), std::move(thread)});
}

std::shared_ptr<detail::ExecutionState> ExecutionRegistry::find(std::string_view run_id) const {
  const std::lock_guard lock(mutex_);
  for (const Entry& entry : entries_) {
    if (entry.state->run_id == run_id && !entry.state->done()) {
      return entry.state;
    }
  }
  return nullptr;
}

void ExecutionRegistry::shutdown() {
  std::vector<Entry> entries;
  {
    const std::lock_guard lock(mutex_);
    entries.swap(entries_);
  }
  for (Entry& entry : entries) {
    entry.state->control.cancel();
  }
  for (Entry& entry : entries) {
    if (entry.thread.joinable()) {
      entry.thread.join();
    }
  }
}

}  // namespace lf::core
