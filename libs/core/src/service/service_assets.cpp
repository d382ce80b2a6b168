// The Service's asset reads (lf assets): listings, one asset with its
// definition and issues, new-asset skeletons and the authoring guide. Checks
// are in service_asset_check.cpp, proposed and written sources in
// service_asset_authoring.cpp.

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/assets/skeleton.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/core/service.hpp>

#include "planning/workflow_source.hpp"
#include "service/asset_catalog.hpp"

namespace lf::core {

Result<AssetListing> Service::assets_list(std::string_view kind) const {
  auto parsed = parse_kind(kind);
  if (!parsed) {
    return fail(std::move(parsed).error());
  }
  assets::ScanOptions options;
  options.project_root = config_.project_root;
  options.builtin_dir = assets::builtin_assets_dir();
  options.kinds = {*parsed};
  const assets::AssetListing listing = assets::AssetCatalog::scan(options).listing(*parsed);
  AssetListing out;
  for (const auto& record : listing.assets) {
    out.assets.push_back(to_result(record));
  }
  for (const auto& problem : listing.problems) {
    out.problems.push_back(to_result(problem));
  }
  return out;
}

Result<AssetDetails> Service::assets_show(std::string_view id) const {
  if (auto ok = check_asset_id_text(id); !ok) {
    return fail(std::move(ok).error());
  }
  const assets::AssetCatalog catalog = scan_catalog(config_);
  const assets::CatalogEntry* entry = catalog.find(id);
  if (entry == nullptr) {
    return fail(catalog.explain_missing(id, "asset"));
  }
  auto text = base::read_text_file(entry->record.source_path);
  if (!text) {
    return fail(std::move(text).error());
  }
  AssetDetails details;
  details.record = to_result(entry->record);
  details.definition = assets::to_json(entry->asset.definition);
  details.issues = catalog_issues(*entry, catalog);
  details.source_hash = hash_of_source(*text);
  return details;
}

Result<AssetCreated> Service::assets_new(std::string_view kind, std::string_view id) const {
  auto parsed = parse_kind(kind);
  if (!parsed) {
    return fail(std::move(parsed).error());
  }
  auto path = assets::write_skeleton(config_.project_root, *parsed, id);
  if (!path) {
    return fail(std::move(path).error());
  }
  return AssetCreated{std::string(id),
                      std::string(assets::to_string(*parsed)),
                      path->string(),
                      hash_of_source(assets::skeleton_source(*parsed, id))};
}

Result<AssetGuide> Service::assets_guide() const {
  if (config_.docs_dir.empty()) {
    return fail(Code::not_found, "authoring guide: no documentation directory is configured");
  }
  const std::filesystem::path path = config_.docs_dir / "authoring-assets.md";
  auto text = base::read_text_file(path);
  if (!text) {
    return fail(text.error().code, "authoring guide: " + text.error().message);
  }
  return AssetGuide{path.string(), std::move(*text)};
}

}  // namespace lf::core
