#pragma once

// The scheduler's decisions, separated from its I/O: given a run's manifest and
// the time, which steps to commit now, which submitted steps have run out of
// time, which failed steps to try again (and when), and whether the run is
// finished. The executor (run_executor.cpp) carries the decisions out.
// Thread-safety: pure functions.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <lightflow/core/run_types.hpp>

namespace lf::core {

using SchedulerClock = std::chrono::system_clock;

/// How one step is run.
struct StepPolicy {
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};        ///< per attempt
  int max_attempts = 1;                                               ///< 1 = no retry
  std::chrono::milliseconds backoff{std::chrono::milliseconds(500)};  ///< doubled per retry
};

enum class ActionKind {
  submit,    ///< commit the step's request (or serve it from cache)
  time_out,  ///< the submitted attempt ran past its timeout: record it as failed
  retry,     ///< plan a new attempt of the failed step
};

struct SchedulerAction {
  ActionKind kind;
  std::string step_id;
};

struct Schedule {
  std::vector<SchedulerAction> actions;
  /// When the next timeout or retry falls due (wake up then at the latest).
  std::optional<SchedulerClock::time_point> wake_at;
  /// No step is running, none can start, none will be retried.
  bool finished = false;
  std::size_t in_flight = 0;  ///< submitted steps, after the actions
};

/// What to do next for `manifest` at `now`. At most `max_parallel` steps are
/// in flight at once. A cancelled run only finishes. A step whose dependency
/// failed for good (or was cancelled) never starts; the run then finishes once
/// nothing else is running.
Schedule plan_next(const RunManifest& manifest,
                   std::size_t max_parallel,
                   SchedulerClock::time_point now,
                   const std::function<StepPolicy(const RunStepRecord&)>& policy_for);

/// Parses the RFC 3339 UTC times runs record ("2026-11-25T07:48:28.123Z").
std::optional<SchedulerClock::time_point> parse_rfc3339(std::string_view text);

}  // namespace lf::core
