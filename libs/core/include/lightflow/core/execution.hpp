#pragma once

// Running a workflow to the end: the options of an execution, the progress
// events it reports, and the control that cancels it. The scheduler behind
// Service::run_execute commits every step whose dependencies succeeded, waits
// for outcomes without busy polling, retries and times out steps by their
// policy, and serves unchanged steps from the step cache.
// Thread-safety: ExecutionControl::cancel() is async-signal-safe; the rest are
// plain values.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/core/run_types.hpp>

namespace lf::cortex {
class OutcomeWaiter;
}

namespace lf::core {

/// Whether an execution may serve steps from the step cache.
enum class CacheMode { use, bypass };

struct ExecOptions {
  std::size_t max_parallel = 4;  ///< steps in flight at once
  /// Overrides every step's timeout / attempt count declared in the workflow.
  std::optional<std::chrono::milliseconds> step_timeout;
  std::optional<int> max_attempts;
  CacheMode cache = CacheMode::use;
};

/// One thing that happened during an execution, in the order it happened.
/// `event` is one of: run.started, step.submitted, step.cached, step.succeeded,
/// step.failed, step.timed_out, step.retrying, run.succeeded, run.failed,
/// run.cancelled.
struct ExecEvent {
  std::string event;
  std::string run_id;
  std::optional<std::string> step_id;
  std::optional<std::string> detail;  ///< error text, cache source, request id ...
  std::optional<std::string> provider;
  std::optional<std::string> model;
  double elapsed_seconds = 0;  ///< since the step (or, for run events, the run) started
  std::size_t done_steps = 0;  ///< succeeded (or served from cache) so far
  std::size_t total_steps = 0;
};

/// {event, run_id, step_id, detail, provider, model, elapsed_ms, done_steps, total_steps}
boost::json::object to_json(const ExecEvent& event);

using ExecObserver = std::function<void(const ExecEvent&)>;

/// Lets another thread or a signal handler cancel a running execution: the
/// execution marks the run cancelled, commits nothing more and returns.
class ExecutionControl {
 public:
  /// Async-signal-safe.
  void cancel() noexcept;

  bool cancelled() const noexcept { return cancelled_.load(); }

  /// Used by the execution to be woken by cancel(). REQUIRES: one at a time.
  void attach(cortex::OutcomeWaiter* waiter) noexcept { waiter_.store(waiter); }

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<cortex::OutcomeWaiter*> waiter_{nullptr};
};

/// How an execution ended.
struct ExecResult {
  RunManifest manifest;
  RunStatusSummary summary;
};

/// A new run of an earlier run's workflow with some inputs changed.
struct RerunRequest {
  std::string source_run_id;
  std::optional<std::string> run_id;  ///< the new run's id; generated when absent
  /// Merged over the source run's inputs: a key replaces the old value, a null
  /// removes it.
  boost::json::value inputs_patch = boost::json::object();
};

/// A run handed to a detached executor process.
struct RunStarted {
  std::string run_id;
  int pid = 0;
  std::string log_path;  ///< the executor's JSON-lines progress
};

/// One step compared across two runs.
struct StepDiff {
  std::string step_id;
  std::optional<StepStatus> status_a;  ///< absent when run a has no such step
  std::optional<StepStatus> status_b;
  bool request_changed = false;              ///< the committed (or cached) request bodies differ
  bool output_changed = false;               ///< the answers differ
  std::optional<std::string> cached_from_b;  ///< "<run>/<step>" when b served it from cache
};

/// What differs between two runs: inputs, then each step.
struct RunDiff {
  std::string run_a;
  std::string run_b;
  std::string workflow_a;
  std::string workflow_b;
  /// Inputs whose values differ: {name, a, b} with null for a missing side.
  std::vector<boost::json::object> inputs;
  std::vector<StepDiff> steps;
};

boost::json::object to_json(const RunStarted& started);
boost::json::object to_json(const RunDiff& diff);

}  // namespace lf::core
