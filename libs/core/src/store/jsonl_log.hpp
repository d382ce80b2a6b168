#pragma once

// Append-only JSON Lines files: the run logs (events.jsonl, trace.jsonl),
// outputs/requests.jsonl, the manifest journal and the step cache.
// Thread-safety: callers serialise appends to one file (the run lock).

#include <filesystem>
#include <string_view>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::core {

/// The lines of `text` that end in '\n' (without it). A last line without its
/// newline is an append still in progress or cut short by a crash: left out.
std::vector<std::string_view> whole_lines(std::string_view text);

/// Appends `lines` (complete lines, each ending in '\n') and, with `sync`,
/// fdatasyncs. If a crash left the file ending in a torn line, a '\n' is
/// written first so that the torn line stays alone and every new line is whole.
Result<void> append_jsonl(const std::filesystem::path& path,
                          std::string_view lines,
                          bool sync = true);

/// append_jsonl on a descriptor the caller opened with O_APPEND (and closes);
/// `path` names it in errors.
Result<void> append_jsonl_fd(int fd,
                             const std::filesystem::path& path,
                             std::string_view lines,
                             bool sync);

}  // namespace lf::core
