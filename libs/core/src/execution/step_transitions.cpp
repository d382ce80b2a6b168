#include "execution/step_transitions.hpp"

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>
#include <lightflow/cortex/commit.hpp>

#include "planning/run_planner.hpp"
#include "store/timestamp.hpp"

namespace lf::core {
namespace {

// A commit that already happened (the process died before recording it) is
// recognised by its identical body, so submitting again recovers.
Result<std::filesystem::path> commit(const ServiceConfig& config,
                                     const cortex::Exchange& exchange,
                                     const std::string& body) {
  auto committed = cortex::commit_request(config.ctx.mount(), exchange, body);
  if (!committed && committed.error().code == Code::already_exists) {
    auto existing = base::read_text_file(exchange.commit_request);
    if (existing && *existing == body) {
      return exchange.commit_request;
    }
  }
  return committed;
}

}  // namespace

std::string output_name(const RunStepRecord& step, std::string_view what) {
  return step.step_id + "." + std::to_string(step.current.number) + "." + std::string(what);
}

Result<void> check_submittable(const RunManifest& manifest, const RunStepRecord& step) {
  if (step.current.status != StepStatus::planned) {
    return fail(
        Code::conflict,
        "run step " + step.step_id + " is already " + std::string(to_string(step.current.status)));
  }
  for (const auto& id : step.depends_on) {
    const RunStepRecord* dependency = find_step(manifest, id);
    const StepStatus status = dependency ? dependency->current.status : StepStatus::planned;
    if (status != StepStatus::succeeded) {
      return fail(Code::failed_precondition,
                  "run step " + step.step_id + " depends on " + id + ", which is "
                      + std::string(to_string(status)));
    }
  }
  return {};
}

Result<CommitDone> perform_commit(const ServiceConfig& config,
                                  const RunStore& store,
                                  std::string_view run_id,
                                  const RunStepRecord& step,
                                  const std::string& body,
                                  Durability durability) {
  auto copy = store.keep_request(run_id, step.step_id, step.current.number, body, durability);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  auto committed = commit(config, step.current.cortex, body);
  if (!committed) {
    return fail(std::move(committed).error());
  }
  return CommitDone{std::move(*copy), std::move(*committed)};
}

void record_commit(RunStepRecord& step, CommitDone done, RunChanges& changes) {
  StepAttempt& attempt = step.current;
  attempt.status = StepStatus::submitted;
  attempt.submitted_at = now_rfc3339();
  changes.changed = true;
  changes.events.push_back(
      EventEntry{EventKind::step_submitted, step.step_id, done.committed.string()});
  changes.trace.push_back(
      LogEntry{"cortex.request.committed", step.step_id, done.committed.string()});
  attempt.submitted_request_path = std::move(done.committed);
  attempt.output_artifacts.push_back(std::move(done.copy));
}

Result<void> commit_step(const ServiceConfig& config,
                         const RunStore& store,
                         const RunManifest& manifest,
                         RunStepRecord& step,
                         const std::string& body,
                         Durability durability,
                         RunChanges& changes) {
  auto done = perform_commit(config, store, manifest.run_id, step, body, durability);
  if (!done) {
    return fail(std::move(done).error());
  }
  record_commit(step, std::move(*done), changes);
  return {};
}

Result<std::filesystem::path> keep_outcome(const RunStore& store,
                                           std::string_view run_id,
                                           const RunStepRecord& step,
                                           const cortex::Outcome& outcome,
                                           Durability durability) {
  const bool succeeded = outcome.kind == cortex::OutcomeKind::response;
  return store.write_output(run_id,
                            output_name(step, succeeded ? "response.json" : "error.txt"),
                            outcome.body,
                            durability);
}

void record_outcome(RunStepRecord& step,
                    const cortex::Outcome& outcome,
                    std::filesystem::path copy,
                    RunChanges& changes) {
  StepAttempt& attempt = step.current;
  const bool succeeded = outcome.kind == cortex::OutcomeKind::response;
  attempt.status = succeeded ? StepStatus::succeeded : StepStatus::failed;
  attempt.finished_at = now_rfc3339();
  (succeeded ? attempt.response_path : attempt.error_path) = copy;
  attempt.output_artifacts.push_back(std::move(copy));
  attempt.fingerprint = outcome.fingerprint;
  if (outcome.route) {
    attempt.provider_id = outcome.route->provider;
    attempt.model_id = outcome.route->model;
    attempt.route_decision = outcome.route->reason;
  }
  const auto& observed = succeeded ? attempt.cortex.response : attempt.cortex.error;
  changes.changed = true;
  changes.events.push_back(
      EventEntry{succeeded ? EventKind::step_succeeded : EventKind::step_failed,
                 step.step_id,
                 succeeded ? outcome.fingerprint : std::optional<std::string>(outcome.body)});
  changes.trace.push_back(LogEntry{succeeded ? "cortex.response.observed" : "cortex.error.observed",
                                   step.step_id,
                                   observed.string()});
}

Result<void> apply_outcome(const RunStore& store,
                           std::string_view run_id,
                           RunStepRecord& step,
                           const cortex::Outcome& outcome,
                           Durability durability,
                           RunChanges& changes) {
  auto copy = keep_outcome(store, run_id, step, outcome, durability);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  record_outcome(step, outcome, std::move(*copy), changes);
  return {};
}

Result<void> plan_retry(const ctxabi::Layout& layout,
                        const RunManifest& manifest,
                        RunStepRecord& step,
                        RunChanges& changes) {
  if (manifest.cancelled) {
    return fail(Code::failed_precondition, "run " + manifest.run_id + " was cancelled");
  }
  if (step.current.status != StepStatus::failed) {
    return fail(Code::conflict,
                "run step " + step.step_id + " is " + std::string(to_string(step.current.status))
                    + "; only a failed step can be retried");
  }
  const int number = step.current.number + 1;
  auto request_id = attempt_request_id(manifest.run_id, manifest.incarnation, step.step_id, number);
  if (!request_id) {
    return fail(std::move(request_id).error());
  }
  auto exchange = cortex::plan_exchange(layout, step.current.cortex.target, *request_id);
  if (!exchange) {
    return fail(std::move(exchange).error());
  }
  step.attempts.push_back(std::move(step.current));
  step.current = StepAttempt{};
  step.current.number = number;
  step.current.cortex = std::move(*exchange);
  changes.changed = true;
  changes.events.push_back(EventEntry{EventKind::step_retried, step.step_id, *request_id});
  return {};
}

Result<void> apply_cached(const RunStore& store,
                          std::string_view run_id,
                          RunStepRecord& step,
                          const CachedOutcome& cached,
                          const std::string& request,
                          std::vector<RequestCopy>& request_copies,
                          Durability durability,
                          RunChanges& changes) {
  request_copies.push_back(RequestCopy{step.step_id, step.current.number, request});
  const std::filesystem::path request_copy = store.requests_path(run_id);
  auto copy = store.reuse_output(run_id,
                                 output_name(step, "response.json"),
                                 cached.response_body,
                                 cached.response_path,
                                 cached.response_stamp,
                                 durability);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  StepAttempt& attempt = step.current;
  attempt.status = StepStatus::succeeded;
  attempt.finished_at = now_rfc3339();
  attempt.response_path = *copy;
  attempt.output_artifacts.push_back(request_copy);
  attempt.output_artifacts.push_back(*copy);
  attempt.fingerprint = cached.fingerprint;
  attempt.provider_id = cached.provider_id;
  attempt.model_id = cached.model_id;
  attempt.route_decision = cached.route_decision;
  attempt.cached_from = StepSource{cached.run_id, cached.step_id};
  changes.changed = true;
  changes.events.push_back(
      EventEntry{EventKind::step_cached, step.step_id, cached.run_id + "/" + cached.step_id});
  return {};
}

Result<void> apply_failure(const RunStore& store,
                           std::string_view run_id,
                           RunStepRecord& step,
                           EventKind event,
                           std::string_view message,
                           Durability durability,
                           RunChanges& changes) {
  StepAttempt& attempt = step.current;
  const std::string body = boost::json::serialize(boost::json::object{
                               {"request_id", attempt.cortex.request_id},
                               {"error", message},
                           })
                           + "\n";
  auto copy = store.write_output(run_id, output_name(step, "error.txt"), body, durability);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  attempt.status = StepStatus::failed;
  attempt.finished_at = now_rfc3339();
  attempt.error_path = *copy;
  attempt.output_artifacts.push_back(*copy);
  changes.changed = true;
  changes.events.push_back(EventEntry{event, step.step_id, std::string(message)});
  return {};
}

void cancel_steps(RunManifest& manifest, RunChanges& changes) {
  std::vector<EventEntry> step_events;
  for (RunStepRecord& step : manifest.steps) {
    const StepStatus status = step.current.status;
    if (status == StepStatus::planned || status == StepStatus::submitted) {
      step.current.status = StepStatus::cancelled;
      step.current.finished_at = now_rfc3339();
      step_events.push_back(EventEntry{EventKind::step_cancelled, step.step_id, std::nullopt});
    }
  }
  if (!manifest.cancelled || !step_events.empty()) {
    manifest.cancelled = true;
    changes.changed = true;
    changes.events.push_back(EventEntry{EventKind::run_cancelled, std::nullopt, std::nullopt});
    changes.events.insert(changes.events.end(), step_events.begin(), step_events.end());
  }
}

}  // namespace lf::core
