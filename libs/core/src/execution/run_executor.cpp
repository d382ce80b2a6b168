#include "execution/run_executor.hpp"

#include <boost/json.hpp>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/cortex/outcome_waiter.hpp>

#include "execution/step_transitions.hpp"
#include "planning/source_hashes.hpp"
#include "store/manifest_journal.hpp"
#include "store/run_id.hpp"
#include "store/timestamp.hpp"

namespace lf::core {
namespace {

using Clock = SchedulerClock;
constexpr auto kIdleWait = std::chrono::hours(1);
constexpr auto kGatherWindow = std::chrono::milliseconds(3);
// How often a waiting executor looks whether another process changed the run
// (a cancel, a retry): two stat calls, so a cancel by `lf run cancel` or
// another server is noticed within this time.
constexpr auto kExternalCheck = std::chrono::milliseconds(200);
// A round repeats planning while cached or failed steps unblock others; each
// pass settles at least one step, so the number of steps bounds it.
constexpr std::size_t kMinPlanningPasses = 4;

std::string recreated_message(std::string_view run_id) {
  return "run " + std::string(run_id)
         + " was deleted and created again while this process executed it; this process "
           "stops and leaves the new run alone";
}

EventKind run_outcome_event(RunStatus status) {
  return status == RunStatus::succeeded ? EventKind::run_succeeded : EventKind::run_failed;
}

}  // namespace

RunExecutor::RunExecutor(ServiceConfig config,
                         ExecOptions options,
                         EventSink sink,
                         ExecutionControl* control)
    : config_(std::move(config)),
      store_(config_.dirs.state, Durability::deferred),
      options_(std::move(options)),
      sink_(std::move(sink)),
      control_(control),
      cache_(config_.dirs.cache) {}

RunExecutor::~RunExecutor() {
  if (control_ != nullptr) {
    control_->attach(nullptr);
  }
}

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

void RunExecutor::publish(std::vector<RunEvent> written) {
  const std::uint64_t newest = manifest_ ? manifest_->manifest.last_seq : published_seq_;
  if (newest <= published_seq_) {
    return;
  }
  // Another process (a cancel, a retry) may have written events between ours:
  // then the file is the one place that has them all, in order.
  if (written.empty() || written.front().seq != published_seq_ + 1
      || written.back().seq != newest) {
    auto saved = store_.read_events(run_id_, published_seq_);
    if (!saved) {
      return;  // the next update tries again
    }
    written = std::move(saved->events);
  }
  for (const RunEvent& event : written) {
    if (event.seq <= published_seq_) {
      continue;
    }
    published_seq_ = event.seq;
    if (sink_) {
      sink_(event);
    }
  }
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
  const auto policy = [this](const RunStepRecord& s) {
    return policy_for(s);
  };
  if (!started_ && !plan_next(manifest, options_.max_parallel, Clock::now(), policy).finished) {
    // A run that had already ended is only looked at, not started.
    changes.changed = true;
    changes.events.push_back(EventEntry{EventKind::run_started, std::nullopt, std::nullopt});
    started_ = true;
  }
  if (auto ok = record_outcomes(manifest, ready, first, changes); !ok) {
    return fail(std::move(ok).error());
  }
  const std::size_t passes = std::max(kMinPlanningPasses, manifest.steps.size());
  for (std::size_t pass = 0; pass < passes; ++pass) {
    const Schedule schedule = plan_next(manifest, options_.max_parallel, Clock::now(), policy);
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
  // The run's end is written by the round that ends it; a cancelled run's
  // by whoever cancelled it (cancel_steps).
  if (started_ && !ended_ && !manifest.cancelled
      && plan_next(manifest, options_.max_parallel, Clock::now(), policy).finished) {
    changes.changed = true;
    changes.events.push_back(
        EventEntry{run_outcome_event(summarize(manifest).status), std::nullopt, std::nullopt});
    ended_ = true;
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
}

Result<void> RunExecutor::prepare(std::string_view run_id, std::optional<CachedManifest> seed) {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  run_id_ = std::string(run_id);
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
  lock_.emplace(std::move(*lock));
  auto waiter = cortex::OutcomeWaiter::create();
  if (!waiter) {
    return fail(std::move(waiter).error());
  }
  waiter_ = std::move(*waiter);
  auto run_request = store_.read_document(run_id, "request.json");
  if (!run_request) {
    return fail(std::move(run_request).error());
  }
  run_request_ = std::move(*run_request);
  manifest_ = std::move(*initial);  // the first round starts from it unless it changed
  // Events saved before this execution are history: readers find them in
  // events.jsonl; the sink gets what is written from now on.
  published_seq_ = manifest_->manifest.last_seq;
  load_source_hashes(manifest_->manifest);
  if (control_ != nullptr) {
    control_->attach(waiter_.get());
  }
  return {};
}

Result<ExecResult> RunExecutor::execute(std::string_view run_id,
                                        std::optional<CachedManifest> seed) {
  if (auto ok = prepare(run_id, std::move(seed)); !ok) {
    return fail(std::move(ok).error());
  }
  return run();
}

bool RunExecutor::changed_elsewhere() const {
  const std::filesystem::path dir = store_.run_dir(run_id_);
  return !manifest_ || file_stamp(dir / kManifestBase) != manifest_->stamp
         || file_stamp(dir / kManifestJournal).value_or(FileStamp{}) != manifest_->journal_stamp;
}

Result<void> RunExecutor::wait_for_news(const Schedule& next, std::set<std::string>& ready) {
  auto until = Clock::now() + kIdleWait;
  if (next.wake_at) {
    until = *next.wake_at + std::chrono::milliseconds(1);
  }
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    const auto slice =
        std::clamp(left, std::chrono::milliseconds(0), std::chrono::milliseconds(kExternalCheck));
    auto woken = waiter_->wait(slice);
    if (!woken) {
      return fail(std::move(woken).error());
    }
    if (!woken->empty()) {
      gather(*waiter_, std::move(*woken), next.in_flight, ready);
      return {};
    }
    // Empty: a deadline, a cancel (interrupt) or the end of a slice.
    if (left <= slice || (control_ != nullptr && control_->cancelled()) || changed_elsewhere()) {
      return {};
    }
  }
}

Result<ExecResult> RunExecutor::run() {
  // The executor belongs to the run it started on. A delete followed by a
  // create of the same id makes another run, with another incarnation, which
  // this executor must never write into: every round checks under the lock.
  const std::string incarnation = manifest_->manifest.incarnation;
  std::set<std::string> ready;
  std::vector<RunEvent> written;
  for (bool first = true;; first = false) {
    written.clear();
    auto stored = store_.update_cached(
        run_id_,
        [&](RunManifest& manifest) -> Result<RunChanges> {
          if (manifest.incarnation != incarnation) {
            return fail(Code::conflict, recreated_message(run_id_));
          }
          return round(manifest, ready, first);
        },
        manifest_,
        &written);
    if (!stored) {
      return fail(std::move(stored).error());
    }
    const RunManifest& current = manifest_->manifest;
    report(current);
    publish(std::move(written));
    for (const RunStepRecord& step : current.steps) {
      if (step.current.status == StepStatus::submitted) {
        if (auto watched = waiter_->watch(step.current.cortex); !watched) {
          return fail(std::move(watched).error());
        }
      } else if (step.current.status != StepStatus::planned) {
        waiter_->unwatch(step.current.cortex.request_id);
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
    if (auto ok = wait_for_news(next, ready); !ok) {
      return fail(std::move(ok).error());
    }
  }
  // The last round's log lines; earlier ones were synced by the next round.
  if (auto ok = store_.sync_outputs(run_id_); !ok) {
    return fail(std::move(ok).error());
  }
  RunManifest final_manifest = std::move(manifest_->manifest);
  manifest_.reset();
  RunStatusSummary summary = summarize(final_manifest);
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
    scan.project_root = config_.project_root;
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
