#include "planning/workflow_source.hpp"

#include <variant>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/validation.hpp>
#include <lightflow/base/utf8.hpp>

namespace lf::core {
namespace {

PlanCatalog plan_catalog(const assets::AssetCatalog& catalog) {
  PlanCatalog out;
  for (const auto& entry : catalog.entries()) {
    const auto& definition = entry.asset.definition;
    if (const auto* node = std::get_if<assets::NodeDef>(&definition)) {
      out.nodes.emplace(entry.record.meta.id, *node);
    } else if (const auto* composition = std::get_if<assets::CompositionDef>(&definition)) {
      out.compositions.emplace(entry.record.meta.id, *composition);
    } else if (const auto* model = std::get_if<assets::ModelDef>(&definition)) {
      out.models.emplace(entry.record.meta.id, *model);
    }
  }
  return out;
}

}  // namespace

Result<void> check_asset_id_text(std::string_view id) {
  // Asset files are UTF-8 text, so such an id names nothing; and it must not
  // reach a message (or a JSON error) as raw bytes.
  if (base::invalid_utf8_offset(id)) {
    return fail(Code::invalid_argument,
                "invalid asset id " + base::printable_utf8(id) + " (must be valid UTF-8)");
  }
  return {};
}

Result<LoadedWorkflow> load_workflow(const std::filesystem::path& project_root,
                                     std::string_view workflow_id) {
  if (auto ok = check_asset_id_text(workflow_id); !ok) {
    return fail(std::move(ok).error());
  }
  assets::ScanOptions options;
  options.project_root = project_root;
  options.builtin_dir = assets::builtin_assets_dir();
  const assets::AssetCatalog catalog = assets::AssetCatalog::scan(options);
  const assets::CatalogEntry* entry = catalog.find(workflow_id);
  if (entry == nullptr) {
    return fail(
        catalog.explain_missing(workflow_id, "workflow asset", assets::AssetKind::workflow));
  }
  const auto* definition = std::get_if<assets::WorkflowDef>(&entry->asset.definition);
  if (definition == nullptr) {
    return fail(Code::invalid_argument,
                "asset " + std::string(workflow_id) + " is a "
                    + std::string(assets::to_string(entry->record.meta.kind)) + ", not a workflow");
  }
  LoadedWorkflow loaded{
      entry->record, *definition, plan_catalog(catalog), {}, source_paths(catalog)};
  loaded.issues = assets::workflow_issues(*definition, catalog);
  return loaded;
}

}  // namespace lf::core
