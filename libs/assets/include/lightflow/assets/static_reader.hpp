#pragma once

// The static reader: understands an asset file without compiling or running
// it. It lexes real C++ (comments, string and raw string literals, character
// literals, digit separators, preprocessor lines, CRLF) and parses the
// declarative subset assets are written in: #include lines, using-directives,
// the META designated initialiser and one builder chain returned by define().
// Anything else is a Diagnostic naming file:line:col.
// Thread-safety: pure functions; safe to call concurrently.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <lightflow/assets/diagnostic.hpp>
#include <lightflow/assets/parsed_asset.hpp>
#include <lightflow/base/result.hpp>

namespace lf::assets {

/// Reads META and the definition from `source`; `path` names the file in
/// diagnostics. On failure returns std::nullopt and sets `*error`.
std::optional<ParsedAsset> read_asset_source(std::string_view source,
                                             const std::string& path,
                                             Diagnostic* error);

/// Reads the file at `path`. On failure returns std::nullopt and sets `*error`
/// (an unreadable file has line 0).
std::optional<ParsedAsset> read_asset_file(const std::filesystem::path& path, Diagnostic* error);

/// The same as a Result: invalid_argument with the formatted diagnostic, or
/// not_found/io_error when the file cannot be read.
Result<ParsedAsset> read_asset(const std::filesystem::path& path);

}  // namespace lf::assets
