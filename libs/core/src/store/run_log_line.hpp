#pragma once

// The stamped form of events.jsonl and trace.jsonl lines.
// Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/run_store.hpp"

namespace lf::core {

/// Which file a line goes to; decides whether `detail` is named "detail" or "path".
enum class LogKind { events, trace };

/// Compact JSON lines {seq, time, event, run_id, step_id, detail|path}, one per
/// entry, each ending in '\n'; seqs start at `first_seq`.
std::string format_log_lines(LogKind kind,
                             const std::vector<LogEntry>& entries,
                             std::string_view run_id,
                             std::string_view time,
                             std::uint64_t first_seq);

}  // namespace lf::core
