#pragma once

// The stamped form of events.jsonl and trace.jsonl lines, and reading
// events.jsonl back as typed events.
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/core/run_events.hpp>

#include "store/run_store.hpp"

namespace lf::core {

/// The events of one update, stamped with `time` and seqs from `first_seq`;
/// attempt, provider and model come from each event's step in `manifest`, and
/// the step counts from the whole manifest (as the update leaves it).
std::vector<RunEvent> stamp_events(const std::vector<EventEntry>& entries,
                                   const RunManifest& manifest,
                                   std::string_view time,
                                   std::uint64_t first_seq);

/// One compact JSON line (to_json(RunEvent)) per event, each ending in '\n'.
std::string format_event_lines(const std::vector<RunEvent>& events);

/// Compact JSON lines {seq, time, event, run_id, step_id, path}: every line
/// carries `seq`, the seq of the newest event written with or before it.
std::string format_trace_lines(const std::vector<LogEntry>& entries,
                               std::string_view run_id,
                               std::string_view time,
                               std::uint64_t seq);

/// The events of events.jsonl text whose seq is above `after_seq`. Whole lines
/// only; a line that does not parse is counted in skipped_lines. A line
/// without a seq (an old file) takes the one after the line before it.
RunEvents parse_event_lines(std::string_view text,
                            std::string_view run_id,
                            std::uint64_t after_seq);

}  // namespace lf::core
