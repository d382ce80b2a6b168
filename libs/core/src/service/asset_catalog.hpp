#pragma once

// What the Service's asset operations share: reading the catalog a
// configuration sees, parsing a kind argument, and turning lf::assets' records
// into the public results of asset_results.hpp. Private to lf::core.
// Thread-safety: pure functions over the filesystem.

#include <filesystem>
#include <string>
#include <string_view>

#include <lightflow/assets/compiler_check.hpp>
#include <lightflow/assets/discovery.hpp>
#include <lightflow/base/result.hpp>
#include <lightflow/core/asset_results.hpp>
#include <lightflow/core/config.hpp>

namespace lf::core {

/// Every asset of the project and the built-ins.
assets::AssetCatalog scan_catalog(const ServiceConfig& config);

/// The compiler and include directory the configuration was built with.
assets::CompilerSetup compiler_setup(const ServiceConfig& config);

/// "workflow" or "workflows" (likewise nodes, compositions, models). Errors:
/// invalid_argument "asset kind must be workflows, nodes, compositions or models, not …".
Result<assets::AssetKind> parse_kind(std::string_view text);

AssetMeta to_result(const assets::AssetMeta& meta);
AssetRecord to_result(const assets::AssetRecord& record);
AssetProblem to_result(const assets::Problem& problem);

/// The compiler and reader part of a check; id, kind and issues are the caller's.
AssetCheck to_result(assets::CheckReport report);

/// The catalog issues of an admitted asset.
std::vector<std::string> catalog_issues(const assets::CatalogEntry& entry,
                                        const assets::AssetCatalog& catalog);

/// The hash assets_write compares expected_hash with (the step cache's source hash).
std::string hash_of_source(std::string_view text);

/// `path` made absolute (relative paths are under the project root). Errors:
/// invalid_argument "asset path <path> is outside the project" unless it lies,
/// symlinks resolved, under the project root or the built-in asset folder.
Result<std::filesystem::path> confined_path(const ServiceConfig& config, const std::string& path);

}  // namespace lf::core
