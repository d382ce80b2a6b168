#pragma once

// Reading and writing whole files in tests. Failures throw std::runtime_error,
// which Catch2 reports with the path.

#include <filesystem>
#include <string>
#include <string_view>

namespace lf_test {

/// The whole file; throws when it cannot be read.
std::string read_file(const std::filesystem::path& path);

/// Creates parent directories and writes `content`, replacing the file.
void write_file(const std::filesystem::path& path, std::string_view content);

}  // namespace lf_test
