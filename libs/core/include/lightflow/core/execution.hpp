#pragma once

// Running a workflow to the end: the options of an execution, how it ended,
// a rerun's request, a detached start's reply and the comparison of two runs.
// The execution API itself (handles, events) is in engine.hpp and
// run_events.hpp; the scheduler is described in docs/execution.md.
// Thread-safety: plain values.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/core/run_types.hpp>

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

/// A run handed to a detached executor process (Service::run_start).
struct RunStarted {
  std::string run_id;
  int pid = 0;           ///< the executor's process id
  std::string log_path;  ///< the executor's own messages (<run>/executor.log)
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

/// What Service::resume_owned_runs did.
struct OwnedRunsResumed {
  std::vector<std::string> resumed;  ///< run ids now executing in this process
  /// Runs that could not be resumed (code and message of the error), to be
  /// resumed by hand once the cause is fixed.
  std::vector<RunProblem> failed;
};

boost::json::object to_json(const RunStarted& started);
/// {resumed:[run ids], failed:[{run_id, code, message}]}
boost::json::object to_json(const OwnedRunsResumed& resumed);
boost::json::object to_json(const RunDiff& diff);

}  // namespace lf::core
