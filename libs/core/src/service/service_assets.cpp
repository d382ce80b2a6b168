// The Service's asset operations (lf assets): listings, one asset with its
// definition and problems, compiler checks and new-asset skeletons. Results
// are the JSON forms lf::assets defines (docs/authoring-assets.md), so lf::assets
// stays a private dependency of lf::core.

#include <algorithm>
#include <system_error>
#include <variant>

#include <boost/json/array.hpp>

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/assets/compiler_check.hpp>
#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/assets/validation.hpp>
#include <lightflow/core/service.hpp>

#include "planning/workflow_source.hpp"

namespace lf::core {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

Result<assets::AssetKind> parse_kind(std::string_view text) {
  if (auto kind = assets::parse_asset_kind(text)) {
    return *kind;
  }
  return fail(
      Code::invalid_argument,
      "asset kind must be workflows, nodes, compositions or models, not " + std::string(text));
}

assets::AssetCatalog scan(const ServiceConfig& config, std::vector<assets::AssetKind> kinds) {
  assets::ScanOptions options;
  options.project_root = config.project_root;
  options.builtin_dir = assets::builtin_assets_dir();
  options.kinds = std::move(kinds);
  return assets::AssetCatalog::scan(options);
}

Unexpected asset_not_found(const assets::AssetCatalog& catalog, std::string_view id) {
  std::string message = "asset " + std::string(id);
  for (auto kind : {assets::AssetKind::workflow,
                    assets::AssetKind::node,
                    assets::AssetKind::composition,
                    assets::AssetKind::model}) {
    const auto close = catalog.suggestions(id, kind);
    if (!close.empty()) {
      return fail(Code::not_found, message + " (did you mean " + close.front() + "?)");
    }
  }
  return fail(Code::not_found, std::move(message));
}

json::array issues_of(const assets::CatalogEntry& entry, const assets::AssetCatalog& catalog) {
  std::vector<std::string> issues;
  const auto& definition = entry.asset.definition;
  if (const auto* w = std::get_if<assets::WorkflowDef>(&definition)) {
    issues = assets::workflow_issues(*w, catalog);
  } else if (const auto* c = std::get_if<assets::CompositionDef>(&definition)) {
    issues = assets::composition_issues(*c, catalog);
  } else if (const auto* n = std::get_if<assets::NodeDef>(&definition)) {
    issues = assets::node_issues(*n);
  }
  json::array out;
  for (auto& issue : issues) {
    out.emplace_back(issue);
  }
  return out;
}

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

json::object check_json(const assets::CheckReport& report) {
  json::object o;
  o["path"] = report.path;
  o["ok"] = report.ok();
  o["compiles"] = report.compiles;
  o["compiler_output"] = report.compiler_output;
  o["reader_error"] =
      report.reader_error ? json::value(report.reader_error->format()) : json::value(nullptr);
  return o;
}

}  // namespace

Result<json::object> Service::assets_list(std::string_view kind) const {
  auto parsed = parse_kind(kind);
  if (!parsed) {
    return fail(std::move(parsed).error());
  }
  return assets::to_json(scan(config_, {*parsed}).listing(*parsed));
}

Result<json::object> Service::assets_show(std::string_view id) const {
  if (auto ok = check_asset_id_text(id); !ok) {
    return fail(std::move(ok).error());
  }
  const auto catalog = scan(config_,
                            {assets::AssetKind::model,
                             assets::AssetKind::node,
                             assets::AssetKind::composition,
                             assets::AssetKind::workflow});
  const assets::CatalogEntry* entry = catalog.find(id);
  if (entry == nullptr) {
    return asset_not_found(catalog, id);
  }
  json::object out = assets::to_json(entry->record);
  out["definition"] = assets::to_json(entry->asset.definition);
  out["issues"] = issues_of(*entry, catalog);
  return out;
}

Result<json::object> Service::assets_check(const std::vector<std::string>& paths) const {
  std::vector<fs::path> files(paths.begin(), paths.end());
  if (files.empty()) {
    files = project_asset_files(config_.project_root);
  }
  auto reports = assets::check_assets(files);
  if (!reports) {
    return fail(std::move(reports).error());
  }
  json::array results;
  bool ok = true;
  for (const assets::CheckReport& report : *reports) {
    ok = ok && report.ok();
    results.emplace_back(check_json(report));
  }
  json::object out;
  out["ok"] = ok;
  out["compiler"] = assets::asset_compiler();
  out["include_dir"] = assets::asset_header_include_dir().string();
  out["results"] = std::move(results);
  return out;
}

Result<json::object> Service::assets_new(std::string_view kind, std::string_view id) const {
  auto parsed = parse_kind(kind);
  if (!parsed) {
    return fail(std::move(parsed).error());
  }
  auto path = assets::write_skeleton(config_.project_root, *parsed, id);
  if (!path) {
    return fail(std::move(path).error());
  }
  json::object out;
  out["id"] = id;
  out["kind"] = assets::to_string(*parsed);
  out["path"] = path->string();
  return out;
}

}  // namespace lf::core
