#pragma once

// Append-only JSON Lines files (events.jsonl, trace.jsonl).
// Thread-safety: callers serialise appends to one file (the run lock).

#include <filesystem>
#include <string_view>

#include <lightflow/result.hpp>

namespace lf::core {

/// Appends `lines` (complete lines, each ending in '\n') and, with `sync`,
/// fdatasyncs. If a crash left the file ending in a torn line, a '\n' is
/// written first so that the torn line stays alone and every new line is whole.
Result<void> append_jsonl(const std::filesystem::path& path,
                          std::string_view lines,
                          bool sync = true);

}  // namespace lf::core
