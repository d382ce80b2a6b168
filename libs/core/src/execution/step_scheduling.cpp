#include "execution/step_scheduling.hpp"

#include <cstdio>
#include <ctime>
#include <unordered_map>

namespace lf::core {
namespace {

using Clock = SchedulerClock;

bool failed_for_good(const RunStepRecord& step, const StepPolicy& policy) {
  return step.current.status == StepStatus::failed && step.current.number >= policy.max_attempts;
}

std::optional<Clock::time_point> retry_due(const RunStepRecord& step, const StepPolicy& policy) {
  const auto finished = step.current.finished_at ? parse_rfc3339(*step.current.finished_at)
                                                 : std::optional<Clock::time_point>();
  // Exponential backoff: backoff, 2*backoff, 4*backoff, ... capped at 2^10.
  const int doublings = std::min(step.current.number - 1, 10);
  const auto delay = policy.backoff * (1 << doublings);
  return finished ? std::optional(*finished + delay) : std::nullopt;
}

// Hashed: plan_next runs several times per round over workflows of thousands of steps.
using StepIndex = std::unordered_map<std::string_view, const RunStepRecord*>;

StepIndex index_steps(const RunManifest& manifest) {
  StepIndex index;
  index.reserve(manifest.steps.size());
  for (const RunStepRecord& step : manifest.steps) {
    index.emplace(step.step_id, &step);
  }
  return index;
}

// Steps that can never start: a dependency is missing, was cancelled, failed
// for good, or is itself blocked. Steps come in plan order (dependencies
// first), so one pass sees every dependency's verdict before it is needed.
std::unordered_map<std::string_view, bool> blocked_steps(
    const RunManifest& manifest,
    const StepIndex& index,
    const std::function<StepPolicy(const RunStepRecord&)>& policy_for) {
  std::unordered_map<std::string_view, bool> blocked;
  blocked.reserve(manifest.steps.size());
  for (const RunStepRecord& step : manifest.steps) {
    bool is_blocked = false;
    for (const std::string& id : step.depends_on) {
      const auto found = index.find(id);
      if (found == index.end()) {
        is_blocked = true;
        break;
      }
      const RunStepRecord& dependency = *found->second;
      const auto verdict = blocked.find(dependency.step_id);
      if (dependency.current.status == StepStatus::cancelled
          || failed_for_good(dependency, policy_for(dependency))
          || (verdict != blocked.end() && verdict->second)) {
        is_blocked = true;
        break;
      }
    }
    blocked[step.step_id] = is_blocked;
  }
  return blocked;
}

bool dependencies_succeeded(const StepIndex& index, const RunStepRecord& step) {
  for (const std::string& id : step.depends_on) {
    const auto found = index.find(id);
    if (found == index.end() || found->second->current.status != StepStatus::succeeded) {
      return false;
    }
  }
  return true;
}

void wake_no_later_than(Schedule& schedule, Clock::time_point when) {
  if (!schedule.wake_at || when < *schedule.wake_at) {
    schedule.wake_at = when;
  }
}

}  // namespace

std::optional<Clock::time_point> parse_rfc3339(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(),
                  "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ",
                  &year,
                  &month,
                  &day,
                  &hour,
                  &minute,
                  &second,
                  &millis)
      < 6) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  const std::time_t seconds = timegm(&parts);
  return Clock::from_time_t(seconds) + std::chrono::milliseconds(millis);
}

Schedule plan_next(const RunManifest& manifest,
                   std::size_t max_parallel,
                   Clock::time_point now,
                   const std::function<StepPolicy(const RunStepRecord&)>& policy_for) {
  Schedule schedule;
  const StepIndex index = index_steps(manifest);
  bool waiting_for_retry = false;
  for (const RunStepRecord& step : manifest.steps) {
    if (step.current.status != StepStatus::submitted) {
      continue;
    }
    const StepPolicy policy = policy_for(step);
    const auto submitted = step.current.submitted_at ? parse_rfc3339(*step.current.submitted_at)
                                                     : std::optional<Clock::time_point>();
    const auto deadline = submitted.value_or(now) + policy.timeout;
    if (!manifest.cancelled && deadline <= now) {
      schedule.actions.push_back({ActionKind::time_out, step.step_id});
    } else {
      ++schedule.in_flight;
      wake_no_later_than(schedule, deadline);
    }
  }
  if (manifest.cancelled) {
    schedule.finished = schedule.in_flight == 0;
    schedule.wake_at.reset();
    return schedule;
  }
  for (const RunStepRecord& step : manifest.steps) {
    const StepPolicy policy = policy_for(step);
    if (step.current.status == StepStatus::failed && !failed_for_good(step, policy)) {
      const auto due = retry_due(step, policy).value_or(now);
      if (due <= now) {
        schedule.actions.push_back({ActionKind::retry, step.step_id});
      } else {
        wake_no_later_than(schedule, due);
      }
      waiting_for_retry = true;
      continue;
    }
    if (step.current.status != StepStatus::planned || schedule.in_flight >= max_parallel
        || !dependencies_succeeded(index, step)) {
      continue;
    }
    schedule.actions.push_back({ActionKind::submit, step.step_id});
    ++schedule.in_flight;
  }
  if (!schedule.actions.empty() || schedule.in_flight != 0 || waiting_for_retry) {
    return schedule;  // not finished; no need to look for blocked steps
  }
  // Planned steps that can still start keep the run going; blocked ones don't.
  const auto blocked = blocked_steps(manifest, index, policy_for);
  bool startable = false;
  for (const RunStepRecord& step : manifest.steps) {
    if (step.current.status == StepStatus::planned && !blocked.at(step.step_id)) {
      startable = true;
    }
  }
  schedule.finished = !startable;
  return schedule;
}

}  // namespace lf::core
