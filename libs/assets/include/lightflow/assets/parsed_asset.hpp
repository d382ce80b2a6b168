#pragma once

// One asset file as the static reader understood it: META plus the definition
// its define() builds. Thread-safety: plain values.

#include <string>
#include <variant>

#include <lightflow/assets/asset_meta.hpp>
#include <lightflow/assets/node_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

using Definition = std::variant<ModelDef, NodeDef, CompositionDef, WorkflowDef>;

struct ParsedAsset {
  AssetMeta meta;
  Definition definition;  ///< the alternative matches meta.kind
};

}  // namespace lf::assets
