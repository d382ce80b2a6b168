#pragma once

// Drives one run to its end. Each round is one locked update of the run: record
// the outcomes CortexFS published, time out and retry steps by their policy,
// then commit (or serve from the step cache) every step plan_next() says can
// start; its outputs are written in a batch made durable by one syncfs before
// the manifest. Between rounds it sleeps in an OutcomeWaiter until an outcome,
// a deadline or a cancel. Holds the run's executor lock the whole time.
// Thread-safety: one executor per run and thread.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/service.hpp>
#include <lightflow/cortex/route_view.hpp>

#include "execution/step_cache.hpp"
#include "execution/step_scheduling.hpp"
#include "store/run_store.hpp"

namespace lf::cortex {
class OutcomeWaiter;
}

namespace lf::core {

class RunExecutor {
 public:
  /// `control` may be null (the execution cannot be cancelled then).
  RunExecutor(const Service& service,
              ExecOptions options,
              ExecObserver observer,
              ExecutionControl* control);

  /// Runs `run_id` until it succeeds, fails or is cancelled; returns its
  /// final record. Errors: conflict when another process executes the run;
  /// unavailable when CortexFS is not mounted; the run store's errors.
  /// `seed`, when given, is the run as its creator wrote it (RunStore::create);
  /// it is used unless the files changed since.
  Result<ExecResult> execute(std::string_view run_id,
                             std::optional<CachedManifest> seed = std::nullopt);

 private:
  struct Notice {  // an event to report once the round's update is stored
    std::string event;
    std::string step_id;
    std::optional<std::string> detail;
  };

  Result<RunChanges> round(RunManifest& manifest, const std::set<std::string>& ready, bool first);
  Result<void> record_outcomes(RunManifest& manifest,
                               const std::set<std::string>& ready,
                               bool first,
                               RunChanges& changes);
  Result<void> act(RunManifest& manifest, const SchedulerAction& action, RunChanges& changes);

  struct PendingCommit {  // a step whose request is rendered and must be committed
    RunStepRecord* step;
    std::string body;
    StepCacheKey key;
  };

  /// Renders the step's request and serves it from the cache when possible;
  /// otherwise returns what commit_batch must commit.
  Result<std::optional<PendingCommit>> prepare_step(RunManifest& manifest,
                                                    RunStepRecord& step,
                                                    RunChanges& changes);
  Result<void> commit_batch(const RunManifest& manifest,
                            std::vector<PendingCommit>& batch,
                            RunChanges& changes);
  StepCacheKey cache_key(const RunStepRecord& step, std::string request);
  StepPolicy policy_for(const RunStepRecord& step) const;
  void load_source_hashes(const RunManifest& manifest);
  void gather(cortex::OutcomeWaiter& waiter,
              std::vector<std::string> first,
              std::size_t in_flight,
              std::set<std::string>& ready);
  void report(const RunManifest& manifest);
  void emit(std::string event,
            const RunManifest& manifest,
            const RunStepRecord* step,
            std::optional<std::string> detail = std::nullopt);

  const Service& service_;
  const RunStore store_;
  ExecOptions options_;
  ExecObserver observer_;
  ExecutionControl* control_;
  StepCache cache_;
  SchedulerClock::time_point run_started_{};
  std::map<std::string, SchedulerClock::time_point> step_started_;
  std::map<std::string, StepCacheKey> pending_keys_;  // step id -> key of its commit
  std::map<std::string, std::string> source_hashes_;  // asset id -> source hash
  std::string workflow_hash_;
  boost::json::value run_request_;          // request.json, read once
  std::optional<CachedManifest> manifest_;  // spares re-reading our own writes
  std::vector<Notice> notices_;
  std::map<std::string, std::optional<cortex::RouteView>> routes_;  // format -> route, per round
  std::vector<std::string> succeeded_;       // steps to store in the cache after the round
  std::vector<RequestCopy> request_copies_;  // of the round's cache hits, kept in one append
};

}  // namespace lf::core
