#pragma once

// Encoders of runtime frames (frame.hpp, docs/stream.md). Each returns one
// finished, size-prefixed frame that verify_frame() accepts.
// Thread-safety: pure functions.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_requests.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::stream {

/// A snapshot frame: the run's status and counts and one typed record per
/// step. `sequence` is snapshot.manifest.last_seq, the newest event the
/// snapshot covers; `timestamp_unix_ms` is the time of encoding.
std::string encode_snapshot(const core::RunSnapshot& snapshot);

/// An event frame: `sequence` is event.seq and `timestamp_unix_ms` its time.
/// `run_status`, when known, is the run's status once the event happened
/// (status_after).
std::string encode_event(const core::RunEvent& event,
                         std::optional<core::RunStatus> run_status = std::nullopt);

/// A trace frame for one trace.jsonl line ({seq, time, event, step_id,
/// path|detail}); fields the line lacks are left out.
std::string encode_trace(std::string_view run_id, const boost::json::value& line);

/// A step-output frame: the step's text and body as received.
std::string encode_step_output(const core::StepOutput& output);

/// The run's status after `event`, given the status before it: a run event
/// that ends the run names its end; run.started and step.submitted make a
/// planned run running; other events leave it as it was.
core::RunStatus status_after(core::RunStatus before, core::EventKind event) noexcept;

/// Milliseconds since the Unix epoch of an RFC 3339 UTC time
/// ("2026-11-25T07:48:28.123Z", as runs record them); 0 when `text` is not one.
std::uint64_t unix_ms_of(std::string_view text) noexcept;

}  // namespace lf::stream
