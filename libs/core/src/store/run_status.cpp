// Status names and the derived run status (docs/run-store.md, "Status").

#include <algorithm>
#include <array>

#include <lightflow/core/run_types.hpp>

namespace lf::core {
namespace {

constexpr std::array<StepStatus, 5> kStepStatuses = {
    StepStatus::planned,
    StepStatus::submitted,
    StepStatus::cancelled,
    StepStatus::succeeded,
    StepStatus::failed,
};

RunStatus derive(const RunManifest& manifest, const RunStatusSummary& counts) {
  if (manifest.cancelled) {
    return RunStatus::cancelled;
  }
  if (counts.failed_steps > 0) {
    return RunStatus::failed;
  }
  const std::size_t open = counts.planned_steps + counts.submitted_steps;
  if (counts.cancelled_steps > 0 && open == 0) {
    return RunStatus::cancelled;
  }
  if (counts.total_steps > 0 && counts.succeeded_steps == counts.total_steps) {
    return RunStatus::succeeded;
  }
  if (counts.submitted_steps + counts.succeeded_steps > 0) {
    return RunStatus::running;
  }
  return RunStatus::planned;
}

}  // namespace

std::string_view to_string(StepStatus status) noexcept {
  switch (status) {
    case StepStatus::planned:
      return "planned";
    case StepStatus::submitted:
      return "submitted";
    case StepStatus::cancelled:
      return "cancelled";
    case StepStatus::succeeded:
      return "succeeded";
    case StepStatus::failed:
      return "failed";
  }
  return "planned";
}

std::string_view to_string(RunStatus status) noexcept {
  switch (status) {
    case RunStatus::planned:
      return "planned";
    case RunStatus::running:
      return "running";
    case RunStatus::cancelled:
      return "cancelled";
    case RunStatus::succeeded:
      return "succeeded";
    case RunStatus::failed:
      return "failed";
  }
  return "planned";
}

Result<StepStatus> parse_step_status(std::string_view text) {
  for (StepStatus status : kStepStatuses) {
    if (to_string(status) == text) {
      return status;
    }
  }
  return fail(Code::invalid_argument, "unknown step status: " + std::string(text));
}

RunStatusSummary summarize(const RunManifest& manifest) {
  RunStatusSummary summary;
  summary.run_id = manifest.run_id;
  summary.workflow_asset_id = manifest.workflow_asset_id;
  summary.created_at = manifest.created_at;
  summary.updated_at = manifest.updated_at;
  summary.total_steps = manifest.steps.size();
  for (const RunStepRecord& step : manifest.steps) {
    switch (step.current.status) {
      case StepStatus::planned:
        ++summary.planned_steps;
        break;
      case StepStatus::submitted:
        ++summary.submitted_steps;
        break;
      case StepStatus::cancelled:
        ++summary.cancelled_steps;
        break;
      case StepStatus::succeeded:
        ++summary.succeeded_steps;
        break;
      case StepStatus::failed:
        ++summary.failed_steps;
        break;
    }
  }
  summary.status = derive(manifest, summary);
  return summary;
}

const RunStepRecord* find_step(const RunManifest& manifest, std::string_view step_id) {
  const auto it = std::find_if(manifest.steps.begin(),
                               manifest.steps.end(),
                               [&](const RunStepRecord& step) { return step.step_id == step_id; });
  return it == manifest.steps.end() ? nullptr : &*it;
}

RunStepRecord* find_step(RunManifest& manifest, std::string_view step_id) {
  const auto& constant = manifest;
  return const_cast<RunStepRecord*>(find_step(constant, step_id));
}

}  // namespace lf::core
