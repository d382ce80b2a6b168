#pragma once

// Drives one run to its end. Each round is one locked update of the run: record
// the outcomes CortexFS published, time out and retry steps by their policy,
// then commit (or serve from the step cache) every step plan_next() says can
// start; its outputs are written in a batch made durable by one syncfs before
// the manifest. Between rounds it sleeps in an OutcomeWaiter until an outcome,
// a deadline or a cancel, waking every kExternalCheck to see whether another
// process changed the run (a cancel, a retry). Holds the run's executor lock
// the whole time. Every event the run gets while it executes, its own and
// other processes', is handed to the EventSink in seq order.
// Thread-safety: one executor per run and thread.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/config.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/run_events.hpp>
#include <lightflow/cortex/route_view.hpp>

#include "execution/execution_control.hpp"
#include "execution/executor_lock.hpp"
#include "execution/step_cache.hpp"
#include "execution/step_scheduling.hpp"
#include "store/run_store.hpp"

namespace lf::cortex {
class OutcomeWaiter;
}

namespace lf::core {

/// Receives the run's events on the executor's thread, in seq order, once
/// they are saved. It must not block: a live subscriber queues them.
using EventSink = std::function<void(const RunEvent&)>;

class RunExecutor {
 public:
  /// `control` may be null (the execution cannot be cancelled then).
  RunExecutor(ServiceConfig config, ExecOptions options, EventSink sink, ExecutionControl* control);
  ~RunExecutor();
  RunExecutor(const RunExecutor&) = delete;
  RunExecutor& operator=(const RunExecutor&) = delete;

  /// Takes the run: reads it, holds its executor lock and sets up the wait.
  /// Errors: conflict when another executor holds the run; not_found; the
  /// run store's errors; io_error. `seed`, when given, is the run as its
  /// creator wrote it (RunStore::create); it is used unless the files changed.
  Result<void> prepare(std::string_view run_id, std::optional<CachedManifest> seed = std::nullopt);

  /// Runs the prepared run until it succeeds, fails or is cancelled; returns
  /// its final record. Errors: unavailable when CortexFS is not mounted; the
  /// run store's errors. REQUIRES: prepare() succeeded.
  Result<ExecResult> run();

  /// The seq of the newest event handed to the sink; after prepare(), the
  /// newest event saved before this execution.
  std::uint64_t published_seq() const noexcept { return published_seq_; }

  /// prepare() then run().
  Result<ExecResult> execute(std::string_view run_id,
                             std::optional<CachedManifest> seed = std::nullopt);

 private:
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
  void publish(std::vector<RunEvent> written);
  bool changed_elsewhere() const;
  Result<void> wait_for_news(const Schedule& next, std::set<std::string>& ready);

  const ServiceConfig config_;
  const RunStore store_;
  ExecOptions options_;
  EventSink sink_;
  ExecutionControl* control_;
  std::string run_id_;
  std::optional<ExecutorLock> lock_;
  std::unique_ptr<cortex::OutcomeWaiter> waiter_;
  std::uint64_t published_seq_ = 0;  // the newest event handed to sink_
  bool started_ = false;             // run.started is written
  bool ended_ = false;               // run.succeeded or run.failed is written
  StepCache cache_;
  std::map<std::string, StepCacheKey> pending_keys_;  // step id -> key of its commit
  std::map<std::string, std::string> source_hashes_;  // asset id -> source hash
  std::string workflow_hash_;
  boost::json::value run_request_;          // request.json, read once
  std::optional<CachedManifest> manifest_;  // spares re-reading our own writes
  std::map<std::string, std::optional<cortex::RouteView>> routes_;  // format -> route, per round
  std::vector<std::string> succeeded_;       // steps to store in the cache after the round
  std::vector<RequestCopy> request_copies_;  // of the round's cache hits, kept in one append
};

}  // namespace lf::core
