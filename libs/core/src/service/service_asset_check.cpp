// Service::assets_check: the compiler, the static reader and the catalog
// checks over asset files, so that "ok" means the asset can run.

#include <algorithm>
#include <map>
#include <system_error>

#include <lightflow/assets/compiler_check.hpp>
#include <lightflow/core/service.hpp>

#include "service/asset_catalog.hpp"

namespace lf::core {
namespace {

namespace fs = std::filesystem;

// Every project asset file, in a stable order.
std::vector<fs::path> project_asset_files(const fs::path& root) {
  std::vector<fs::path> files;
  for (auto kind : {assets::AssetKind::model,
                    assets::AssetKind::node,
                    assets::AssetKind::composition,
                    assets::AssetKind::workflow}) {
    std::error_code ec;
    fs::directory_iterator it(root / "assets" / assets::folder_name(kind), ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".cpp") {
        files.push_back(it->path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The file names a catalog knows, so that a checked path finds its asset and
// its problems however it was spelled (relative, through a symlink).
std::string file_key(const fs::path& path) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(path, ec);
  return (ec ? path.lexically_normal() : resolved).string();
}

// The files to check, each with the id it was asked for by (empty for a path).
struct Files {
  std::vector<fs::path> paths;
  std::vector<std::string> ids;
};

// The ids' files and the confined paths, or every project asset.
Result<Files> files_to_check(const ServiceConfig& config,
                             const assets::AssetCatalog& catalog,
                             const AssetCheckRequest& request) {
  Files files;
  if (request.ids.empty() && request.paths.empty()) {
    files.paths = project_asset_files(config.project_root);
    files.ids.resize(files.paths.size());
    return files;
  }
  for (const std::string& id : request.ids) {
    if (const assets::CatalogEntry* entry = catalog.find(id)) {
      files.paths.emplace_back(entry->record.source_path);
    } else if (const assets::Problem* problem = catalog.problem_for(id)) {
      files.paths.emplace_back(problem->path);  // checked to show why it is not usable
    } else {
      return fail(catalog.explain_missing(id, "asset")).about(Subject::asset, id);
    }
    files.ids.push_back(id);
  }
  for (const std::string& path : request.paths) {
    auto confined = confined_path(config, path);
    if (!confined) {
      return fail(std::move(confined).error());
    }
    std::error_code ec;
    if (!fs::is_regular_file(*confined, ec)) {
      return fail(Code::not_found, "asset file " + confined->string());
    }
    files.paths.push_back(std::move(*confined));
    files.ids.emplace_back();
  }
  return files;
}

// What the catalog says about one checked file: its asset's issues, or why
// the file was not admitted when that is not a reader error.
void add_catalog_view(AssetCheck& check,
                      const assets::AssetCatalog& catalog,
                      const std::map<std::string, const assets::CatalogEntry*>& entries) {
  const std::string key = file_key(check.path);
  if (const auto found = entries.find(key); found != entries.end()) {
    const assets::CatalogEntry& entry = *found->second;
    check.id = entry.record.meta.id;
    check.kind = std::string(assets::to_string(entry.record.meta.kind));
    check.issues = catalog_issues(entry, catalog);
    return;
  }
  for (const assets::Problem& problem : catalog.problems()) {
    if (file_key(problem.path) != key) {
      continue;
    }
    if (!problem.asset_id.empty()) {
      check.id = problem.asset_id;
    }
    if (problem.line == 0 && !check.reader_error) {
      check.issues.push_back(problem.message);
    }
  }
}

}  // namespace

Result<AssetCheckReport> Service::assets_check(const AssetCheckRequest& request) const {
  const assets::AssetCatalog catalog = scan_catalog(config_);
  auto files = files_to_check(config_, catalog, request);
  if (!files) {
    return fail(std::move(files).error());
  }
  const assets::CompilerSetup compiler = compiler_setup(config_);
  auto reports = assets::check_assets(files->paths, compiler);
  if (!reports) {
    return fail(std::move(reports).error());
  }
  std::map<std::string, const assets::CatalogEntry*> entries;
  for (const assets::CatalogEntry& entry : catalog.entries()) {
    entries.emplace(file_key(entry.record.source_path), &entry);
  }
  AssetCheckReport out;
  out.compiler = compiler.command;
  out.include_dir = compiler.include_dir.string();
  for (std::size_t i = 0; i < reports->size(); ++i) {
    AssetCheck check = to_result(std::move((*reports)[i]));
    if (!files->ids[i].empty()) {
      check.id = files->ids[i];
    }
    add_catalog_view(check, catalog, entries);
    out.results.push_back(std::move(check));
  }
  return out;
}

}  // namespace lf::core
