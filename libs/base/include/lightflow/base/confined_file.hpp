#pragma once

// Finding a file under a directory without ever leaving it: for serving a
// folder's files to remote clients (lfd's --static-dir). The caller has
// already refused ".." and "." segments; this also refuses a file whose real
// path (every symbolic link resolved) lies outside the directory.
// Thread-safety: pure functions over the filesystem.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/base/result.hpp>

namespace lf::base {

/// A regular file found under a directory.
struct ConfinedFile {
  std::filesystem::path path;  ///< its real path
  std::string name;            ///< its file name
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< last modification, in ns since the epoch
};

/// The real path of an existing directory. Errors: not_found when `path`
/// does not exist; invalid_argument when it is not a directory.
Result<std::filesystem::path> real_directory(const std::filesystem::path& path);

/// The regular file `segments` name under `root` (a real_directory()), or
/// `index_name` inside it when they name a directory; std::nullopt when there
/// is none or its real path leaves `root`.
std::optional<ConfinedFile> find_confined_file(const std::filesystem::path& root,
                                               const std::vector<std::string>& segments,
                                               std::string_view index_name);

}  // namespace lf::base
