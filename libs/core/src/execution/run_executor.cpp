#include "execution/run_executor.hpp"

#include <boost/json.hpp>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/cortex/outcome_waiter.hpp>

#include "execution/executor_lock.hpp"
#include "execution/step_transitions.hpp"
#include "planning/source_hashes.hpp"
#include "store/run_id.hpp"
#include "store/timestamp.hpp"

namespace lf::core {
namespace {

using Clock = SchedulerClock;
constexpr auto kIdleWait = std::chrono::hours(1);
constexpr auto kGatherWindow = std::chrono::milliseconds(3);
// A round repeats planning while cached or failed steps unblock others; each
// pass settles at least one step, so the number of steps bounds it.
constexpr std::size_t kMinPlanningPasses = 4;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::size_t done_steps(const RunManifest& manifest) {
  std::size_t done = 0;
  for (const RunStepRecord& step : manifest.steps) {
    done += step.current.status == StepStatus::succeeded ? 1 : 0;
  }
  return done;
}

std::string recreated_message(std::string_view run_id) {
  return "run " + std::string(run_id)
         + " was deleted and created again while this process executed it; this process "
           "stops and leaves the new run alone";
}

std::string run_outcome_event(RunStatus status) {
  switch (status) {
    case RunStatus::succeeded:
      return "run.succeeded";
    case RunStatus::cancelled:
      return "run.cancelled";
    default:
      return "run.failed";
  }
}

}  // namespace

RunExecutor::RunExecutor(const Service& service,
                         ExecOptions options,
                         ExecObserver observer,
                         ExecutionControl* control)
    : service_(service),
      store_(service.config().dirs.state, Durability::deferred),
      options_(std::move(options)),
      observer_(std::move(observer)),
      control_(control),
      cache_(service.config().dirs.cache) {}

StepPolicy RunExecutor::policy_for(const RunStepRecord& step) const {
  StepPolicy policy;
  if (step.timeout_ms) {
    policy.timeout = std::chrono::milliseconds(*step.timeout_ms);
  }
  if (step.max_attempts) {
    policy.max_attempts = *step.max_attempts;
  }
  if (options_.step_timeout) {
    policy.timeout = *options_.step_timeout;
  }
  if (options_.max_attempts) {
    policy.max_attempts = *options_.max_attempts;
  }
  return policy;
}

void RunExecutor::emit(std::string event,
                       const RunManifest& manifest,
                       const RunStepRecord* step,
                       std::optional<std::string> detail) {
  if (!observer_) {
    return;
  }
  ExecEvent out;
  out.event = std::move(event);
  out.run_id = manifest.run_id;
  out.detail = std::move(detail);
  out.done_steps = done_steps(manifest);
  out.total_steps = manifest.steps.size();
  out.elapsed_seconds = seconds_since(run_started_);
  if (step != nullptr) {
    out.step_id = step->step_id;
    out.provider = step->current.provider_id;
    out.model = step->current.model_id;
    if (const auto started = step_started_.find(step->step_id); started != step_started_.end()) {
      out.elapsed_seconds = seconds_since(started->second);
    }
  }
  observer_(out);
}

Result<RunChanges> RunExecutor::round(RunManifest& manifest,
                                      const std::set<std::string>& ready,
                                      bool first) {
  RunChanges changes;
  routes_.clear();
  request_copies_.clear();  // a round that failed wrote no record of them
  if (control_ != nullptr && control_->cancelled()) {
    cancel_steps(manifest, changes);
  }
  if (auto ok = record_outcomes(manifest, ready, first, changes); !ok) {
    return fail(std::move(ok).error());
  }
  const std::size_t passes = std::max(kMinPlanningPasses, manifest.steps.size());
  for (std::size_t pass = 0; pass < passes; ++pass) {
    const Schedule schedule =
        plan_next(manifest, options_.max_parallel, Clock::now(), [this](const RunStepRecord& s) {
          return policy_for(s);
        });
    bool settled = false;  // did an action end a step (and so maybe unblock another)?
    std::vector<PendingCommit> batch;
    for (const SchedulerAction& action : schedule.actions) {
      if (action.kind != ActionKind::submit) {
        if (auto ok = act(manifest, action, changes); !ok) {
          return fail(std::move(ok).error());
        }
        settled = true;
        continue;
      }
      auto pending = prepare_step(manifest, *find_step(manifest, action.step_id), changes);
      if (!pending) {
        return fail(std::move(pending).error());
      }
      if (*pending) {
        batch.push_back(std::move(**pending));
      } else {
        settled = true;  // served from the cache, or failed to render
      }
    }
    if (auto ok = commit_batch(manifest, batch, changes); !ok) {
      return fail(std::move(ok).error());
    }
    if (!settled) {
      break;
    }
  }
  if (!request_copies_.empty()) {
    auto kept = store_.keep_requests(manifest.run_id, request_copies_, Durability::deferred);
    request_copies_.clear();
    if (!kept) {
      return fail(std::move(kept).error());
    }
  }
  if (changes.changed) {
    if (auto ok = store_.sync_outputs(manifest.run_id); !ok) {
      return fail(std::move(ok).error());
    }
  }
  return changes;
}

void RunExecutor::report(const RunManifest& manifest) {
  for (const std::string& id : succeeded_) {
    const RunStepRecord* step = find_step(manifest, id);
    const auto key = pending_keys_.find(id);
    if (step == nullptr || key == pending_keys_.end() || !step->current.response_path) {
      continue;
    }
    if (auto body = base::read_text_file(*step->current.response_path)) {
      // A cache that cannot be written costs a later provider call, not this run.
      [[maybe_unused]] auto stored =
          cache_.store(key->second,
                       CachedOutcome{manifest.run_id,
                                     id,
                                     std::move(*body),
                                     step->current.fingerprint,
                                     step->current.provider_id,
                                     step->current.model_id,
                                     step->current.route_decision,
                                     now_rfc3339(),
                                     *step->current.response_path,
                                     output_stamp(*step->current.response_path)});
    }
    pending_keys_.erase(key);
  }
  succeeded_.clear();
  for (Notice& notice : notices_) {
    emit(std::move(notice.event),
         manifest,
         find_step(manifest, notice.step_id),
         std::move(notice.detail));
  }
  notices_.clear();
}

Result<ExecResult> RunExecutor::execute(std::string_view run_id,
                                        std::optional<CachedManifest> seed) {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  // A seed that no longer matches the files is read again by the first
  // round's update (it checks the version); until then only the run's
  // immutable fields are used.
  auto initial = seed && seed->manifest.run_id == run_id ? Result<CachedManifest>(std::move(*seed))
                                                         : store_.read_cached(run_id);
  if (!initial) {
    return fail(std::move(initial).error());
  }
  auto lock = ExecutorLock::try_acquire(store_.run_dir(run_id));
  if (!lock) {
    return fail(std::move(lock).error());
  }
  auto waiter = cortex::OutcomeWaiter::create();
  if (!waiter) {
    return fail(std::move(waiter).error());
  }
  if (control_ != nullptr) {
    control_->attach(waiter->get());
  }

  struct Detach {
    ExecutionControl* control;

    ~Detach() {
      if (control != nullptr) {
        control->attach(nullptr);
      }
    }
  } detach{control_};

  auto run_request = store_.read_document(run_id, "request.json");
  if (!run_request) {
    return fail(std::move(run_request).error());
  }
  run_request_ = std::move(*run_request);
  manifest_ = std::move(*initial);  // the first round starts from it unless it changed
  load_source_hashes(manifest_->manifest);
  run_started_ = Clock::now();
  emit("run.started", manifest_->manifest, nullptr);

  // The executor belongs to the run it started on. A delete followed by a
  // create of the same id makes another run, with another incarnation, which
  // this executor must never write into: every round checks under the lock.
  const std::string incarnation = manifest_->manifest.incarnation;
  std::set<std::string> ready;
  for (bool first = true;; first = false) {
    auto stored = store_.update_cached(
        run_id,
        [&](RunManifest& manifest) -> Result<RunChanges> {
          if (manifest.incarnation != incarnation) {
            return fail(Code::conflict, recreated_message(run_id));
          }
          return round(manifest, ready, first);
        },
        manifest_);
    if (!stored) {
      notices_.clear();
      return fail(std::move(stored).error());
    }
    const RunManifest& current = manifest_->manifest;
    report(current);
    for (const RunStepRecord& step : current.steps) {
      if (step.current.status == StepStatus::submitted) {
        if (auto watched = (*waiter)->watch(step.current.cortex); !watched) {
          return fail(std::move(watched).error());
        }
      } else if (step.current.status != StepStatus::planned) {
        (*waiter)->unwatch(step.current.cortex.request_id);
      }
    }
    const Schedule next =
        plan_next(current, options_.max_parallel, Clock::now(), [this](const RunStepRecord& s) {
          return policy_for(s);
        });
    if (next.finished) {
      break;
    }
    ready.clear();
    if (!next.actions.empty()) {
      continue;  // a deadline passed during the round: act on it at once
    }
    auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(kIdleWait);
    if (next.wake_at) {
      timeout = std::max(
          std::chrono::milliseconds(0),
          std::chrono::duration_cast<std::chrono::milliseconds>(*next.wake_at - Clock::now())
              + std::chrono::milliseconds(1));
    }
    auto woken = (*waiter)->wait(timeout);
    if (!woken) {
      return fail(std::move(woken).error());
    }
    gather(**waiter, std::move(*woken), next.in_flight, ready);
  }
  // The last round's log lines; earlier ones were synced by the next round.
  if (auto ok = store_.sync_outputs(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  RunManifest final_manifest = std::move(manifest_->manifest);
  manifest_.reset();
  RunStatusSummary summary = summarize(final_manifest);
  emit(run_outcome_event(summary.status), final_manifest, nullptr);
  return ExecResult{std::move(final_manifest), std::move(summary)};
}

void RunExecutor::gather(cortex::OutcomeWaiter& waiter,
                         std::vector<std::string> first,
                         std::size_t in_flight,
                         std::set<std::string>& ready) {
  // Outcomes of steps started together tend to arrive together: collecting
  // them for a moment lets one round (one manifest write) record them all.
  const auto window_end = Clock::now() + kGatherWindow;
  std::vector<std::string> batch = std::move(first);
  while (!batch.empty()) {
    for (std::string& id : batch) {
      waiter.unwatch(id);  // answered: only news should wake the next wait
      ready.insert(std::move(id));
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(window_end - Clock::now());
    if (ready.size() >= in_flight || left.count() <= 0) {
      break;
    }
    auto more = waiter.wait(left);
    batch = more ? std::move(*more) : std::vector<std::string>{};
  }
}

void RunExecutor::load_source_hashes(const RunManifest& manifest) {
  source_hashes_ = manifest.source_hashes;
  if (source_hashes_.empty()) {
    // A run recorded before its manifest kept them: hash today's sources.
    assets::ScanOptions scan;
    scan.project_root = service_.config().project_root;
    scan.builtin_dir = assets::builtin_assets_dir();
    source_hashes_ = hash_sources(
        source_paths(assets::AssetCatalog::scan(scan)), manifest.workflow_asset_id, manifest.steps);
  }
  if (const auto found = source_hashes_.find(manifest.workflow_asset_id);
      found != source_hashes_.end()) {
    workflow_hash_ = found->second;
  }
}

}  // namespace lf::core
