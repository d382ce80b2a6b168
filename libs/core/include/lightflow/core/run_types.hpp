#pragma once

// The run record: what `lf run` keeps on disk for one run of a workflow
// (manifest.json; see docs/run-store.md) and the summaries derived from it.
// Thread-safety: plain values.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/cortex/exchange.hpp>

namespace lf::core {

/// Where one step stands. Persisted by name: never rename a value.
enum class StepStatus { planned, submitted, cancelled, succeeded, failed };

/// The status of a whole run, derived from its steps (derive_run_status).
/// Persisted by name: never rename a value.
enum class RunStatus { planned, running, cancelled, succeeded, failed };

std::string_view to_string(StepStatus status) noexcept;
std::string_view to_string(RunStatus status) noexcept;

/// Parses a step status name; invalid_argument for anything else.
Result<StepStatus> parse_step_status(std::string_view text);

/// Where a cached answer came from.
struct StepSource {
  std::string run_id;
  std::string step_id;
};

/// One attempt at a step: one CortexFS request and what became of it.
struct StepAttempt {
  int number = 1;           ///< 1 for the first attempt, +1 per retry
  cortex::Exchange cortex;  ///< the files of this attempt's request
  StepStatus status = StepStatus::planned;
  std::optional<std::string> submitted_at;  ///< RFC 3339 UTC
  std::optional<std::string> finished_at;   ///< when the outcome was observed
  std::optional<std::filesystem::path> submitted_request_path;
  std::optional<std::filesystem::path> response_path;  ///< the copy under outputs/
  std::optional<std::filesystem::path> error_path;     ///< the copy under outputs/
  std::optional<std::string> provider_id;
  std::optional<std::string> model_id;
  std::optional<std::string> route_decision;
  std::optional<std::string> fingerprint;
  std::vector<std::filesystem::path> output_artifacts;  ///< files under outputs/
  /// Set when the answer was served from the step cache instead of CortexFS.
  std::optional<StepSource> cached_from;
};

/// One step of a run: the plan plus its current attempt and the earlier ones.
struct RunStepRecord {
  std::string step_id;
  std::string node_or_composition_id;
  std::vector<std::string> depends_on;  ///< step ids that must succeed first
  /// The request body template ({{inputs.x}}, {{steps.y.text}}, ...), or null
  /// when the step has none and a body must be given at submit.
  boost::json::value request_template;
  /// The step's execution policy as the workflow declares it (absent: the
  /// scheduler's defaults, see docs/execution.md).
  std::optional<std::int64_t> timeout_ms;
  std::optional<int> max_attempts;
  StepAttempt current;
  std::vector<StepAttempt> attempts;  ///< earlier (failed) attempts, oldest first
};

/// manifest.json.
struct RunManifest {
  std::string run_id;
  /// A random token drawn when the run is created (ctxabi::validate_incarnation).
  /// A run deleted and created again under the same id is a new incarnation:
  /// its CortexFS request ids differ, and an executor of the old one never
  /// writes into it. Empty for runs recorded before incarnations existed.
  std::string incarnation;
  std::string workflow_asset_id;
  bool cancelled = false;
  std::string created_at;  ///< RFC 3339 UTC with milliseconds
  std::string updated_at;
  std::uint64_t last_seq = 0;  ///< the seq of the newest events/trace line
  /// Asset id -> source hash of the workflow and the nodes and compositions
  /// its steps call, taken when the run was planned (step cache keys).
  std::map<std::string, std::string> source_hashes;
  std::vector<RunStepRecord> steps;
};

/// The counts and derived status of one run (`lf run status`).
struct RunStatusSummary {
  std::string run_id;
  std::string workflow_asset_id;
  RunStatus status = RunStatus::planned;
  std::string created_at;
  std::string updated_at;
  std::size_t total_steps = 0;
  std::size_t planned_steps = 0;
  std::size_t submitted_steps = 0;
  std::size_t cancelled_steps = 0;
  std::size_t succeeded_steps = 0;
  std::size_t failed_steps = 0;
};

/// A run directory that list() could not read, reported instead of failing.
struct RunProblem {
  std::string run_id;  ///< the directory name
  std::filesystem::path path;
  Code code = Code::corruption;
  std::string message;
};

/// All readable runs, oldest first (by created_at, then run_id), plus the
/// directories that could not be read.
struct RunListing {
  std::vector<RunStatusSummary> runs;
  std::vector<RunProblem> problems;
};

/// The summary of `manifest`. Status rules, first match wins: the run was
/// cancelled → cancelled; a step failed → failed; some step cancelled and none
/// planned or submitted → cancelled; at least one step and all succeeded →
/// succeeded; a step submitted or succeeded → running; else planned.
RunStatusSummary summarize(const RunManifest& manifest);

/// A run as one consistent picture (Service::run_snapshot): the manifest and
/// its summary, read under the run's lock, so that manifest.last_seq is the seq
/// of the newest event saved with exactly this manifest.
struct RunSnapshot {
  RunManifest manifest;
  RunStatusSummary summary;
  /// True when the run had ended and nothing executed it before the read: no
  /// event follows manifest.last_seq until someone resumes or retries it.
  bool finished = false;
};

/// The step named `step_id`, or nullptr.
const RunStepRecord* find_step(const RunManifest& manifest, std::string_view step_id);
RunStepRecord* find_step(RunManifest& manifest, std::string_view step_id);

}  // namespace lf::core
