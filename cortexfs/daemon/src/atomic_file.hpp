#pragma once

// Durable whole-file writes for the state and config directories: the content
// goes to a temporary file in the same directory, which is fsynced, renamed
// into place, and then the directory is fsynced. A crash leaves either the old
// file or the new one. Thread-safety: reentrant; writers of one path must not race.

#include <filesystem>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::ctxfs {

/// How hard a write insists on reaching the disk.
enum class Durability {
  fsync,       ///< fsync the file and its directory: survives power loss
  page_cache,  ///< temp + rename only: survives a daemon crash, not a power loss
};

/// Writes `content` to `path` atomically (creating parent directories) and,
/// with Durability::fsync, durably. Returns io_error naming the path on failure.
Result<void> write_file_atomic(const std::filesystem::path& path,
                               std::string_view content,
                               Durability durability = Durability::fsync);

/// Removes `path` (absent is fine) and fsyncs its directory.
Result<void> remove_file_durable(const std::filesystem::path& path);

/// The whole file, or not_found / io_error.
Result<std::string> read_whole_file(const std::filesystem::path& path);

}  // namespace lf::ctxfs
