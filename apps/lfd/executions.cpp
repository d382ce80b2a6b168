#include "executions.hpp"

#include <atomic>
#include <exception>
#include <system_error>
#include <thread>

namespace lf::lfd {

Result<void> Executions::start(Launch launch, Started started) {
  {
    const std::lock_guard lock(mutex_);
    if (threads_ >= limit_) {
      return fail(Code::unavailable,
                  "lfd executes " + std::to_string(threads_) + " runs already; try again later");
    }
    ++threads_;
  }
  auto control = std::make_shared<core::ExecutionControl>();
  auto body = [this, launch = std::move(launch), started = std::move(started), control]() mutable {
    auto reported = std::make_shared<std::atomic<bool>>(false);
    // Called once, then let go: what it holds (the client's exchange) must
    // not live as long as the run.
    const auto report = [&](Result<std::string> outcome) {
      Started callback = std::move(started);
      started = nullptr;
      callback(std::move(outcome));
    };
    std::string run_id;
    const core::ExecObserver observer = [&](const core::ExecEvent& event) {
      if (!reported->exchange(true)) {
        run_id = event.run_id;
        {
          const std::lock_guard lock(mutex_);
          running_.emplace(run_id, control);
        }
        report(run_id);
      }
    };
    Result<core::ExecResult> result = [&]() -> Result<core::ExecResult> {
      try {
        return launch(observer, control.get());
      } catch (const std::exception& error) {
        return fail(Code::internal, error.what());
      }
    }();
    if (!reported->exchange(true)) {
      report(result ? Result<std::string>(result->manifest.run_id)
                    : Result<std::string>(fail(result.error())));
    }
    finished(run_id, control);
  };
  try {
    std::thread(std::move(body)).detach();
  } catch (const std::system_error& error) {
    finished("", control);
    return fail(Code::unavailable,
                std::string("cannot start an execution thread: ") + error.what());
  }
  return {};
}

void Executions::finished(const std::string& run_id,
                          const std::shared_ptr<core::ExecutionControl>& control) {
  const std::lock_guard lock(mutex_);
  --threads_;
  for (auto [it, end] = running_.equal_range(run_id); it != end; ++it) {
    if (it->second == control) {
      running_.erase(it);
      break;
    }
  }
}

bool Executions::cancel(std::string_view run_id) {
  const std::lock_guard lock(mutex_);
  bool found = false;
  for (auto [it, end] = running_.equal_range(run_id); it != end; ++it) {
    it->second->cancel();
    found = true;
  }
  return found;
}

bool Executions::executing(std::string_view run_id) const {
  const std::lock_guard lock(mutex_);
  return running_.find(run_id) != running_.end();
}

std::size_t Executions::active() const {
  const std::lock_guard lock(mutex_);
  return threads_;
}

}  // namespace lf::lfd
