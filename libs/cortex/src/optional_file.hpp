#pragma once

// Reading a CortexFS file that may not exist yet (an outcome, a route value).
// Thread-safety: pure function over the filesystem.

#include <filesystem>
#include <optional>
#include <string>

#include <lightflow/base/result.hpp>

namespace lf::cortex::detail {

/// The whole file, or std::nullopt when it does not exist (ENOENT).
/// Errors: io_error for any other failure, naming the path.
Result<std::optional<std::string>> read_optional_file(const std::filesystem::path& path);

/// `text` without leading and trailing blanks and line ends.
std::string trimmed(std::string text);

}  // namespace lf::cortex::detail
