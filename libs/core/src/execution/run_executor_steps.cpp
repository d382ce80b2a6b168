// How the executor starts and ends steps within a round: render a step's
// request, serve it from the step cache or commit it, apply timeouts and
// retries, and record the outcomes CortexFS published. Commits, and outcome
// reads, of one round run side by side. The rounds are in run_executor.cpp.

#include <boost/json.hpp>

#include <lightflow/cortex/route_view.hpp>

#include "execution/parallel_each.hpp"
#include "execution/run_executor.hpp"
#include "execution/step_transitions.hpp"
#include "planning/step_request.hpp"

namespace lf::core {
namespace {

// A round's commits (and its outcome reads) run on this many threads at most:
// enough for ctxfs to share one journal sync among the commits.
constexpr std::size_t kCommitThreads = 8;

}  // namespace

StepCacheKey RunExecutor::cache_key(const RunStepRecord& step, std::string request) {
  StepCacheKey key;
  key.workflow_source_hash = workflow_hash_;
  if (const auto found = source_hashes_.find(step.node_or_composition_id);
      found != source_hashes_.end()) {
    key.node_source_hash = found->second;
  }
  key.target = boost::json::serialize(cortex::to_json(step.current.cortex.target));
  key.rendered_request = std::move(request);
  if (step.current.cortex.target.kind == cortex::TargetKind::api) {
    const std::string& format_name = step.current.cortex.target.name;
    auto known = routes_.find(format_name);
    if (known == routes_.end()) {
      // Read once per round: three files on the mount for every step add up.
      std::optional<cortex::RouteView> view;
      if (auto format = ctxabi::parse_api_format(format_name)) {
        if (auto route = cortex::read_route(config_.ctx, *format); route && *route) {
          view = std::move(**route);
        }
      }
      known = routes_.emplace(format_name, std::move(view)).first;
    }
    if (known->second) {
      key.provider = known->second->provider;
      key.model = known->second->model;
    }
  }
  return key;
}

Result<std::optional<RunExecutor::PendingCommit>> RunExecutor::prepare_step(RunManifest& manifest,
                                                                            RunStepRecord& step,
                                                                            RunChanges& changes) {
  auto request = render_step_request(run_request_, manifest, step);
  if (!request) {
    // An earlier answer lacks what the template reads: the step fails, and
    // the run with it, cleanly instead of stopping the executor.
    if (auto ok = apply_failure(store_,
                                manifest.run_id,
                                step,
                                EventKind::step_failed,
                                request.error().message,
                                Durability::deferred,
                                changes);
        !ok) {
      return fail(std::move(ok).error());
    }
    return std::optional<PendingCommit>();
  }
  StepCacheKey key = cache_key(step, *request);
  if (options_.cache == CacheMode::use) {
    auto cached = cache_.lookup(key);
    if (cached && *cached) {
      if (auto ok = apply_cached(store_,
                                 manifest.run_id,
                                 step,
                                 **cached,
                                 *request,
                                 request_copies_,
                                 Durability::deferred,
                                 changes);
          !ok) {
        return fail(std::move(ok).error());
      }
      return std::optional<PendingCommit>();
    }
  }
  return std::optional<PendingCommit>(PendingCommit{&step, std::move(*request), std::move(key)});
}

Result<void> RunExecutor::commit_batch(const RunManifest& manifest,
                                       std::vector<PendingCommit>& batch,
                                       RunChanges& changes) {
  // Side by side, so CortexFS makes the round's commits durable together
  // instead of once per request.
  std::vector<std::optional<Result<CommitDone>>> done(batch.size());
  parallel_each(batch.size(), kCommitThreads, [&](std::size_t i) {
    done[i] = perform_commit(
        config_, store_, manifest.run_id, *batch[i].step, batch[i].body, Durability::deferred);
  });
  for (auto& result : done) {
    if (!*result) {
      return fail(std::move(*result).error());
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    RunStepRecord& step = *batch[i].step;
    record_commit(step, std::move(**done[i]), changes);
    pending_keys_[step.step_id] = std::move(batch[i].key);
  }
  return {};
}

Result<void> RunExecutor::act(RunManifest& manifest,
                              const SchedulerAction& action,
                              RunChanges& changes) {
  RunStepRecord* step = find_step(manifest, action.step_id);
  switch (action.kind) {
    case ActionKind::submit:
      break;  // prepare_step and commit_batch
    case ActionKind::time_out: {
      const std::string message = "timed out after "
                                  + std::to_string(policy_for(*step).timeout.count())
                                  + " ms without an outcome";
      return apply_failure(store_,
                           manifest.run_id,
                           *step,
                           EventKind::step_timed_out,
                           message,
                           Durability::deferred,
                           changes);
    }
    case ActionKind::retry: {
      return plan_retry(config_.ctx, manifest, *step, changes);
    }
  }
  return fail(Code::internal, "unknown scheduler action");
}

Result<void> RunExecutor::record_outcomes(RunManifest& manifest,
                                          const std::set<std::string>& ready,
                                          bool first,
                                          RunChanges& changes) {
  std::vector<RunStepRecord*> answered;
  for (RunStepRecord& step : manifest.steps) {
    // The first round looks at every submitted step: a resumed run may hold
    // answers that arrived while no executor was running.
    if (step.current.status == StepStatus::submitted
        && (first || ready.count(step.current.cortex.request_id) != 0)) {
      answered.push_back(&step);
    }
  }

  // Reading an outcome is several round trips to CortexFS: side by side, they
  // overlap instead of adding up. The copies are written one after another,
  // since file creations in one directory only queue behind each other.
  std::vector<Result<std::optional<cortex::Outcome>>> observed(answered.size(),
                                                               std::optional<cortex::Outcome>());
  parallel_each(answered.size(), kCommitThreads, [&](std::size_t i) {
    observed[i] = cortex::read_outcome(answered[i]->current.cortex);
  });
  for (std::size_t i = 0; i < answered.size(); ++i) {
    if (!observed[i]) {
      return fail(std::move(observed[i]).error());
    }
    if (!*observed[i]) {
      continue;
    }
    RunStepRecord& step = *answered[i];
    const cortex::Outcome& outcome = **observed[i];
    auto copy = keep_outcome(store_, manifest.run_id, step, outcome, Durability::deferred);
    if (!copy) {
      return fail(std::move(copy).error());
    }
    const bool succeeded = outcome.kind == cortex::OutcomeKind::response;
    record_outcome(step, outcome, std::move(*copy), changes);
    if (succeeded) {
      succeeded_.push_back(step.step_id);
    }
  }
  return {};
}

}  // namespace lf::core
