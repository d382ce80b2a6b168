#pragma once

// `lf assets new <kind> <id>`: a correct, commented starting point for a new
// asset, written where discovery will find it. Thread-safety: pure functions
// except write_skeleton, which creates one file.

#include <filesystem>
#include <string>
#include <string_view>

#include <lightflow/assets/asset_meta.hpp>
#include <lightflow/base/result.hpp>

namespace lf::assets {

/// Ok when `id` is 1-128 of [A-Za-z0-9._-]; else invalid_argument "invalid
/// asset id <id>: use 1-128 letters, digits, '.', '_' or '-'".
Result<void> check_asset_id(std::string_view id);

/// The file name for `id`: the "<kind>." prefix dropped, '.' and '-' turned
/// into '_', plus ".cpp" ("workflow.my_flow" -> "my_flow.cpp").
std::string skeleton_file_name(AssetKind kind, std::string_view id);

/// The source of a new asset of `kind` named `id`; it compiles against the
/// header and passes the static reader as written.
std::string skeleton_source(AssetKind kind, std::string_view id);

/// Writes the skeleton to <project_root>/assets/<kind>s/<file name> and returns
/// the path. Errors: invalid_argument for an id that is not 1-128 of
/// [A-Za-z0-9._-]; already_exists when the file exists (it is never
/// overwritten); io_error otherwise.
Result<std::filesystem::path> write_skeleton(const std::filesystem::path& project_root,
                                             AssetKind kind,
                                             std::string_view id);

}  // namespace lf::assets
