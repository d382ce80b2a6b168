#pragma once

// The events of a run: one closed set of kinds, shared by what is saved in
// <run>/events.jsonl and what an execution delivers live (engine.hpp). Every
// event has a per-run `seq`, dense and increasing from 1, and a time, both
// assigned when the event is written under the run's lock; a live event is
// exactly the line saved for it. Readers resume after a seq (Service::
// run_events, run_events_follow; Server-Sent Events' Last-Event-ID).
// Thread-safety: plain values and pure functions.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>

namespace lf::core {

/// What happened. Persisted (and sent) by name, "run.created" for
/// run_created and so on: never rename a value.
enum class EventKind {
  run_created,     ///< the run was planned and written; detail: the workflow id
  run_started,     ///< an executor began driving the run
  run_succeeded,   ///< every step succeeded (written by the executor)
  run_failed,      ///< a step failed for good and nothing more can run
  run_cancelled,   ///< the run was cancelled (by whoever cancelled it)
  step_submitted,  ///< the step's request was committed; detail: its path in CortexFS
  step_cached,     ///< the step was served from the step cache; detail: "<run>/<step>"
  step_succeeded,  ///< CortexFS answered; detail: the outcome's fingerprint
  step_failed,     ///< the attempt failed; detail: the error
  step_timed_out,  ///< the attempt got no outcome in time (the step failed)
  step_retried,    ///< a new attempt was planned; detail: its request id
  step_cancelled,  ///< a planned or submitted step was cancelled
};

/// "run.created", "step.timed_out", ...
std::string_view to_string(EventKind kind) noexcept;

/// The kind named `name`, or std::nullopt for a name outside the set.
std::optional<EventKind> parse_event_kind(std::string_view name);

/// Whether `kind` ends an execution (run.succeeded, run.failed, run.cancelled).
bool ends_run(EventKind kind) noexcept;

/// One event, as saved and as delivered.
struct RunEvent {
  std::uint64_t seq = 0;  ///< 1 for the first event of the run, +1 per event
  std::string time;       ///< RFC 3339 UTC with milliseconds
  EventKind kind = EventKind::run_created;
  std::string run_id;
  std::optional<std::string> step_id;   ///< for step events
  std::optional<std::string> detail;    ///< see EventKind
  std::optional<int> attempt;           ///< the step's current attempt, for step events
  std::optional<std::string> provider;  ///< of the step's answer, once known
  std::optional<std::string> model;
  std::size_t done_steps = 0;  ///< steps succeeded once the event was written
  std::size_t total_steps = 0;
};

/// {seq, time, event, run_id, step_id, detail, attempt, provider, model,
/// done_steps, total_steps}: the form of an events.jsonl line.
boost::json::object to_json(const RunEvent& event);

/// Reads one events.jsonl line. A line without `seq` (written before seqs
/// existed) gets `fallback_seq`; missing counts are 0. Errors: corruption
/// when the line is not an object or names no known event kind.
Result<RunEvent> run_event_from_json(const boost::json::value& line, std::uint64_t fallback_seq);

/// The events of a run after some seq (Service::run_events).
struct RunEvents {
  std::string run_id;
  std::vector<RunEvent> events;  ///< in seq order
  /// The seq to resume after: the newest event's, or the `after_seq` asked for.
  std::uint64_t last_seq = 0;
  /// True when the run has ended and no process executes it: no event follows
  /// until someone resumes or retries it.
  bool finished = false;
  std::size_t skipped_lines = 0;  ///< lines torn by a crash or of unknown kinds
};

/// {run_id, events:[...], last_seq, finished, skipped_lines}
boost::json::object to_json(const RunEvents& events);

}  // namespace lf::core
