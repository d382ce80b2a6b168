#pragma once

// Whole-file reads and durable first writes with errno turned into lf::Error.
// Thread-safety: pure functions over the filesystem.

#include <filesystem>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::base {

/// The whole file. Errors: not_found when it does not exist, io_error otherwise.
Result<std::string> read_text_file(const std::filesystem::path& path);

/// Creates `path` (which must not exist), writes `content` and fsyncs it. For
/// files in a directory nobody else can see yet (a run's staging directory),
/// where a rename per file would buy nothing.
Result<void> write_new_file(const std::filesystem::path& path, std::string_view content);

/// write(2) until everything is written, retrying on EINTR.
Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path);

}  // namespace lf::base
