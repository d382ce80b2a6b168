// Service::run_refresh: observing CortexFS outcomes of submitted steps.

#include <lightflow/core/service.hpp>
#include <lightflow/cortex/outcome.hpp>

#include "run_id.hpp"
#include "run_store.hpp"
#include "timestamp.hpp"

namespace lf::core {
namespace {

// Records `outcome` as the end of `step`'s current attempt. The body is copied
// into outputs/ first, so the run keeps its answer after CortexFS cleans up.
Result<void> apply_outcome(const RunStore& store,
                           std::string_view run_id,
                           RunStepRecord& step,
                           const cortex::Outcome& outcome,
                           RunChanges& changes) {
  StepAttempt& attempt = step.current;
  const bool succeeded = outcome.kind == cortex::OutcomeKind::response;
  const std::string name = step.step_id + "." + std::to_string(attempt.number)
                           + (succeeded ? ".response.json" : ".error.txt");
  auto copy = store.write_output(run_id, name, outcome.body);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  attempt.status = succeeded ? StepStatus::succeeded : StepStatus::failed;
  attempt.finished_at = now_rfc3339();
  (succeeded ? attempt.response_path : attempt.error_path) = *copy;
  attempt.output_artifacts.push_back(*copy);
  attempt.fingerprint = outcome.fingerprint;
  if (outcome.route) {
    attempt.provider_id = outcome.route->provider;
    attempt.model_id = outcome.route->model;
    attempt.route_decision = outcome.route->reason;
  }
  const auto& observed = succeeded ? attempt.cortex.response : attempt.cortex.error;
  changes.changed = true;
  changes.events.push_back(
      LogEntry{succeeded ? "step.succeeded" : "step.failed", step.step_id, outcome.fingerprint});
  changes.trace.push_back(LogEntry{succeeded ? "cortex.response.observed" : "cortex.error.observed",
                                   step.step_id,
                                   observed.string()});
  return {};
}

}  // namespace

Result<RunManifest> Service::run_refresh(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  return store.update(run_id, [&](RunManifest& manifest) -> Result<RunChanges> {
    RunChanges changes;
    for (RunStepRecord& step : manifest.steps) {
      // Only a submitted step can have an outcome of its own: a planned or
      // cancelled one never gets one, whatever files CortexFS holds.
      if (step.current.status != StepStatus::submitted) {
        continue;
      }
      auto outcome = cortex::read_outcome(step.current.cortex);
      if (!outcome) {
        return fail(std::move(outcome).error());
      }
      if (*outcome) {
        if (auto ok = apply_outcome(store, run_id, step, **outcome, changes); !ok) {
          return fail(std::move(ok).error());
        }
      }
    }
    return changes;
  });
}

}  // namespace lf::core
