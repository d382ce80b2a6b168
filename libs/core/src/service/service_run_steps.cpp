// The Service's run operations that move steps: submit, refresh, cancel,
// retry, and reading a finished step's output. Each change runs inside
// RunStore::update, under the run's lock.

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>
#include <lightflow/core/service.hpp>
#include <lightflow/cortex/commit.hpp>

#include "execution/execution_registry.hpp"
#include "execution/step_transitions.hpp"
#include "planning/run_planner.hpp"
#include "planning/step_output.hpp"
#include "planning/step_request.hpp"
#include "store/run_id.hpp"
#include "store/run_store.hpp"
#include "store/timestamp.hpp"

namespace lf::core {
namespace {

Result<RunStepRecord*> step_of(RunManifest& manifest, std::string_view step_id) {
  RunStepRecord* step = find_step(manifest, step_id);
  if (step == nullptr) {
    return fail(Code::not_found, "run step " + std::string(step_id));
  }
  return step;
}

Result<RunChanges> submit_step(const ServiceConfig& config,
                               const RunStore& store,
                               RunManifest& manifest,
                               const SubmitStepRequest& request) {
  auto step = step_of(manifest, request.step_id);
  if (!step) {
    return fail(std::move(step).error());
  }
  RunStepRecord& record = **step;
  if (auto ok = check_submittable(manifest, record); !ok) {
    return fail(std::move(ok).error());
  }
  auto body = request.body ? checked_body(record, *request.body)
                           : render_step_request(store, manifest, record);
  if (!body) {
    return fail(std::move(body).error());
  }
  RunChanges changes;
  if (auto ok = commit_step(config, store, manifest, record, *body, Durability::immediate, changes);
      !ok) {
    return fail(std::move(ok).error());
  }
  return changes;
}

}  // namespace

Result<RunManifest> Service::run_submit(const SubmitStepRequest& request) const {
  if (auto ok = validate_run_id(request.run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  return store.update(request.run_id, [&](RunManifest& manifest) {
    return submit_step(config_, store, manifest, request);
  });
}

Result<RunManifest> Service::run_cancel(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  auto cancelled =
      RunStore(config_.dirs.state).update(run_id, [](RunManifest& manifest) -> Result<RunChanges> {
        RunChanges changes;
        cancel_steps(manifest, changes);
        return changes;
      });
  // An executor in another process sees the record change; one in this
  // process is woken now.
  if (auto running = registry_->find(run_id)) {
    running->control.cancel();
  }
  return cancelled;
}

Result<RunManifest> Service::run_retry(const StepRef& ref) const {
  if (auto ok = validate_run_id(ref.run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const ctxabi::Layout& layout = config_.ctx;
  return RunStore(config_.dirs.state)
      .update(ref.run_id, [&](RunManifest& manifest) -> Result<RunChanges> {
        auto step = step_of(manifest, ref.step_id);
        if (!step) {
          return fail(std::move(step).error());
        }
        RunChanges changes;
        if (auto ok = plan_retry(layout, manifest, **step, changes); !ok) {
          return fail(std::move(ok).error());
        }
        return changes;
      });
}

Result<StepOutput> Service::run_output(const StepRef& ref) const {
  auto manifest = run_get(ref.run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  return read_step_output(*manifest, ref.step_id);
}

}  // namespace lf::core
