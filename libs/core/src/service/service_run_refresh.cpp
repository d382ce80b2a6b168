// Service::run_refresh: observing CortexFS outcomes of submitted steps.

#include <lightflow/core/service.hpp>
#include <lightflow/cortex/outcome.hpp>

#include "execution/step_transitions.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"
#include "store/timestamp.hpp"

namespace lf::core {

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
        if (auto ok = apply_outcome(store, run_id, step, **outcome, Durability::immediate, changes);
            !ok) {
          return fail(std::move(ok).error());
        }
      }
    }
    return changes;
  });
}

}  // namespace lf::core
