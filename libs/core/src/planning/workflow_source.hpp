#pragma once

// Where the planner's inputs come from: the workflow asset (found by id in the
// project and the built-ins), the nodes, compositions and models it refers to,
// and the reference problems lf::assets finds in it.
// Thread-safety: reads asset files; safe to call concurrently.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/assets/asset_record.hpp>
#include <lightflow/assets/workflow_def.hpp>
#include <lightflow/base/result.hpp>

#include "planning/source_hashes.hpp"
#include "planning/step_expansion.hpp"

namespace lf::core {

struct LoadedWorkflow {
  assets::AssetRecord record;
  assets::WorkflowDef definition;
  PlanCatalog catalog;              ///< every node, composition and model found
  std::vector<std::string> issues;  ///< assets::workflow_issues
  SourcePaths sources;              ///< workflows, nodes and compositions found
};

/// invalid_argument "invalid asset id <id> (must be valid UTF-8)", with the
/// bytes that are not shown as \xNN, for an id no asset file can declare.
Result<void> check_asset_id_text(std::string_view id);

/// The workflow asset `workflow_id` under `project_root` (and the built-ins).
/// Errors: not_found "workflow asset <id>" (with "did you mean" when a close id
/// exists); invalid_argument when the id names an asset of another kind or is
/// not valid UTF-8.
Result<LoadedWorkflow> load_workflow(const std::filesystem::path& project_root,
                                     std::string_view workflow_id);

}  // namespace lf::core
