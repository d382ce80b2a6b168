#include "service/asset_catalog.hpp"

#include <system_error>

#include <lightflow/assets/validation.hpp>

#include "execution/step_cache.hpp"

namespace lf::core {
namespace {

namespace fs = std::filesystem;

// Whether `path` is `dir` or lies below it (both canonical).
bool is_within(const fs::path& path, const fs::path& dir) {
  const fs::path relative = path.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

fs::path canonical_or_self(const fs::path& path) {
  std::error_code ec;
  fs::path resolved = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : resolved;
}

}  // namespace

assets::CompilerSetup compiler_setup(const ServiceConfig& config) {
  return assets::CompilerSetup{config.asset_compiler, asset_include_dir(config)};
}

assets::AssetCatalog scan_catalog(const ServiceConfig& config) {
  assets::ScanOptions options;
  options.project_root = config.project_root;
  options.builtin_dir = assets::builtin_assets_dir();
  return assets::AssetCatalog::scan(options);
}

Result<assets::AssetKind> parse_kind(std::string_view text) {
  if (auto kind = assets::parse_asset_kind(text)) {
    return *kind;
  }
  return fail(
      Code::invalid_argument,
      "asset kind must be workflows, nodes, compositions or models, not " + std::string(text));
}

AssetMeta to_result(const assets::AssetMeta& meta) {
  return AssetMeta{meta.id,
                   meta.title,
                   std::string(assets::to_string(meta.kind)),
                   meta.description,
                   std::string(assets::to_string(meta.stability)),
                   meta.version};
}

AssetRecord to_result(const assets::AssetRecord& record) {
  return AssetRecord{
      to_result(record.meta), record.source_path, record.builtin, record.shadows_builtin};
}

AssetProblem to_result(const assets::Problem& problem) {
  return AssetProblem{problem.path, problem.line, problem.col, problem.message};
}

AssetCheck to_result(assets::CheckReport report) {
  AssetCheck check;
  check.path = std::move(report.path);
  check.compiles = report.compiles;
  check.compiler_output = std::move(report.compiler_output);
  if (report.reader_error) {
    check.reader_error = report.reader_error->format();
  }
  return check;
}

std::vector<std::string> catalog_issues(const assets::CatalogEntry& entry,
                                        const assets::AssetCatalog& catalog) {
  return assets::asset_issues(entry.asset, catalog);
}

std::string hash_of_source(std::string_view text) {
  return source_hash(text);
}

Result<fs::path> confined_path(const ServiceConfig& config, const std::string& path) {
  fs::path absolute = path;
  if (absolute.is_relative()) {
    absolute = config.project_root / absolute;
  }
  const fs::path resolved = canonical_or_self(absolute);
  if (is_within(resolved, canonical_or_self(config.project_root))
      || is_within(resolved, canonical_or_self(assets::builtin_assets_dir()))) {
    return absolute.lexically_normal();
  }
  return fail(Code::invalid_argument, "asset path " + path + " is outside the project");
}

}  // namespace lf::core
