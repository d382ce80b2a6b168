// The Service's event reads: a run's events after a seq, at once or
// following the run until there are new ones (lf run events, SSE, MCP).

#include <lightflow/core/service.hpp>

#include "execution/execution_registry.hpp"
#include "execution/executor_lock.hpp"
#include "execution/run_change_notifier.hpp"
#include "execution/run_dir_watch.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

using SteadyClock = std::chrono::steady_clock;
// A follower looks again at least this often, so that an executor that died
// without a last word ends the follow too.
constexpr auto kFollowCheckInterval = std::chrono::seconds(1);

// Whether no event will follow: the run has ended and nobody executes it.
Result<bool> run_finished(const RunStore& store,
                          const ExecutionRegistry& registry,
                          std::string_view run_id) {
  if (registry.find(run_id) != nullptr || ExecutorLock::held(store.run_dir(run_id))) {
    return false;
  }
  auto manifest = store.read(run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  const RunStatus status = summarize(*manifest).status;
  return status == RunStatus::succeeded || status == RunStatus::failed
         || status == RunStatus::cancelled;
}

}  // namespace

Result<RunEvents> Service::run_events(std::string_view run_id, std::uint64_t after_seq) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  auto events = store.read_events(run_id, after_seq);
  if (!events) {
    return fail(std::move(events).error());
  }
  auto finished = run_finished(store, *registry_, run_id);
  if (!finished) {
    return fail(std::move(finished).error());
  }
  events->finished = *finished;
  return events;
}

Result<RunSnapshot> Service::run_snapshot(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  // Finished is decided before reading, as for follow: a run that had
  // finished is read with all it wrote.
  auto finished = run_finished(store, *registry_, run_id);
  if (!finished) {
    return fail(std::move(finished).error());
  }
  auto manifest = store.read_locked(run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  RunSnapshot snapshot{std::move(*manifest), {}, *finished};
  snapshot.summary = summarize(snapshot.manifest);
  return snapshot;
}

Result<RunEvents> Service::run_events_follow(std::string_view run_id,
                                             std::uint64_t after_seq,
                                             Deadline deadline,
                                             std::stop_token stop) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  std::unique_ptr<RunDirWatch> watch;
  for (;;) {
    // Finished is decided before reading, so that the events read include
    // every event of a run that had finished.
    auto finished = run_finished(store, *registry_, run_id);
    if (!finished) {
      return fail(std::move(finished).error());
    }
    auto events = store.read_events(run_id, after_seq);
    if (!events) {
      return fail(std::move(events).error());
    }
    events->finished = *finished;
    if (!events->events.empty() || *finished) {
      return events;
    }
    if (!watch) {
      // Watch first, then look again: nothing written in between is missed.
      auto created = RunDirWatch::create(store.run_dir(run_id), stop);
      if (!created) {
        return fail(std::move(created).error());
      }
      watch = std::move(*created);
      continue;
    }
    auto wait_for = std::chrono::duration_cast<std::chrono::milliseconds>(kFollowCheckInterval);
    if (deadline) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - SteadyClock::now());
      if (left.count() <= 0) {
        return events;  // nothing new in time
      }
      wait_for = std::min(wait_for, left);
    }
    if (watch->wait(wait_for) == RunDirWatch::Wake::stopped) {
      return fail(Code::cancelled,
                  "following the events of run " + std::string(run_id) + " was cancelled");
    }
  }
}

Result<RunWatch> Service::watch_run(std::string_view run_id,
                                    std::function<void()> on_change) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(run_id);
  std::error_code ec;
  if (!std::filesystem::is_directory(run_dir, ec)) {
    return run_not_found(run_id);
  }
  auto entry = notifier_->watch(run_dir, std::move(on_change));
  if (!entry) {
    return fail(std::move(entry).error());
  }
  return RunWatch(notifier_, std::move(*entry));
}

}  // namespace lf::core
