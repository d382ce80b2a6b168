#pragma once

// The moves of a step's current attempt, each applied to a manifest held under
// the run's lock (inside RunStore::update) and noted in RunChanges: commit a
// request, record a CortexFS outcome, plan a retry, cancel. The Service's
// step-by-step operations and the scheduler share them, so a step moves the
// same way whoever drives it.
// Thread-safety: as RunStore::update (the caller holds the run lock).

#include <filesystem>
#include <string>
#include <vector>

#include <lightflow/base/result.hpp>
#include <lightflow/core/config.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/cortex/outcome.hpp>

#include "execution/step_cache.hpp"
#include "store/run_store.hpp"

namespace lf::core {

/// `<step>.<attempt>.<what>`, the name of a step's file under outputs/.
std::string output_name(const RunStepRecord& step, std::string_view what);

/// conflict unless the step is planned; failed_precondition unless every
/// dependency succeeded.
Result<void> check_submittable(const RunManifest& manifest, const RunStepRecord& step);

/// The files a commit produced: the run's copy of the request (in
/// outputs/requests.jsonl) and the committed request file in CortexFS.
struct CommitDone {
  std::filesystem::path copy;
  std::filesystem::path committed;
};

/// The I/O half of commit_step: keeps `body` in outputs/requests.jsonl and commits
/// it into CortexFS, changing no record. Safe to run for several steps of one
/// run at once from different threads (commits of one round share CortexFS's
/// durable write).
Result<CommitDone> perform_commit(const ServiceConfig& config,
                                  const RunStore& store,
                                  std::string_view run_id,
                                  const RunStepRecord& step,
                                  const std::string& body,
                                  Durability durability);

/// The record half of commit_step: marks the step submitted.
void record_commit(RunStepRecord& step, CommitDone done, RunChanges& changes);

/// Keeps a copy of `body` in outputs/, commits it into CortexFS and marks the
/// step submitted. A commit a crashed process already made with the same body
/// is adopted, so resuming never commits a request twice.
Result<void> commit_step(const ServiceConfig& config,
                         const RunStore& store,
                         const RunManifest& manifest,
                         RunStepRecord& step,
                         const std::string& body,
                         Durability durability,
                         RunChanges& changes);

/// The I/O half of apply_outcome: copies the outcome's body into outputs/ and
/// returns the copy's path, changing no record. Safe for several steps of one
/// run at once from different threads.
Result<std::filesystem::path> keep_outcome(const RunStore& store,
                                           std::string_view run_id,
                                           const RunStepRecord& step,
                                           const cortex::Outcome& outcome,
                                           Durability durability);

/// The record half of apply_outcome: ends the attempt with `outcome`, whose
/// body keep_outcome() copied to `copy`.
void record_outcome(RunStepRecord& step,
                    const cortex::Outcome& outcome,
                    std::filesystem::path copy,
                    RunChanges& changes);

/// Ends the submitted attempt with `outcome`, copying its body into outputs/.
Result<void> apply_outcome(const RunStore& store,
                           std::string_view run_id,
                           RunStepRecord& step,
                           const cortex::Outcome& outcome,
                           Durability durability,
                           RunChanges& changes);

/// Replaces the failed attempt with a new planned one (request id
/// "<run>.<step>.<n>"), keeping the failed one in `attempts`.
Result<void> plan_retry(const ctxabi::Layout& layout,
                        const RunManifest& manifest,
                        RunStepRecord& step,
                        RunChanges& changes);

/// Ends the planned attempt with an answer from the step cache. The answer is
/// kept in outputs/ as a commit's is (linked from the earlier run when it can
/// be); `request`, the body it stands for, is added to `request_copies` for
/// the caller to keep with RunStore::keep_requests before the update is stored.
Result<void> apply_cached(const RunStore& store,
                          std::string_view run_id,
                          RunStepRecord& step,
                          const CachedOutcome& cached,
                          const std::string& request,
                          std::vector<RequestCopy>& request_copies,
                          Durability durability,
                          RunChanges& changes);

/// Ends a planned or submitted attempt as failed without a CortexFS outcome
/// (timed out, or a request that cannot be rendered); `event` is the event
/// written (step.failed or step.timed_out) and `message` becomes the error
/// output and the event's detail.
Result<void> apply_failure(const RunStore& store,
                           std::string_view run_id,
                           RunStepRecord& step,
                           EventKind event,
                           std::string_view message,
                           Durability durability,
                           RunChanges& changes);

/// Marks the run and its planned and submitted steps cancelled.
void cancel_steps(RunManifest& manifest, RunChanges& changes);

}  // namespace lf::core
