#include "call_registry.hpp"

#include <atomic>
#include <vector>

namespace lf::mcp {

std::string call_key(const std::string& scope, const std::string& id_json) {
  return scope + '\x1f' + id_json;
}

void CallRegistry::reap() {
  for (auto it = calls_.begin(); it != calls_.end();) {
    if (it->done->load()) {
      it->thread.join();  // it has returned from its work: this does not block
      it = calls_.erase(it);
    } else {
      ++it;
    }
  }
}

bool CallRegistry::start(std::string key, std::function<void(std::stop_token)> work) {
  std::lock_guard lock(mutex_);
  reap();
  if (calls_.size() >= max_calls_) {
    return false;
  }
  auto done = std::make_shared<std::atomic<bool>>(false);
  calls_.push_back(
      Call{std::move(key), done, std::jthread([done, work = std::move(work)](std::stop_token stop) {
             work(stop);
             done->store(true);
           })});
  return true;
}

bool CallRegistry::cancel(const std::string& key) {
  std::lock_guard lock(mutex_);
  bool found = false;
  for (Call& call : calls_) {
    if (call.key == key && !call.done->load()) {
      call.thread.request_stop();
      found = true;
    }
  }
  return found;
}

void CallRegistry::stop_all() {
  stopping_ = true;
  std::list<Call> calls;
  {
    std::lock_guard lock(mutex_);
    calls.swap(calls_);
  }
  for (Call& call : calls) {
    call.thread.request_stop();
  }
  // Joined outside the lock: a finishing call may still report through a
  // channel, and a new call must not wait for these.
  for (Call& call : calls) {
    call.thread.join();
  }
}

}  // namespace lf::mcp
