#pragma once

// Turn the syntax tree of an asset into its META and definition, applying the
// same rules as the authoring header. Each throws SyntaxError at the first
// problem. Private to lf::assets.

#include <lightflow/assets/asset_meta.hpp>
#include <lightflow/assets/node_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

#include "reader_support.hpp"
#include "syntax.hpp"

namespace lf::assets::detail {

/// META from its designated initialisers (all six, in declaration order).
AssetMeta read_meta(const SyntaxFile& file);

/// The definition a workflow's define() chain builds.
WorkflowDef read_workflow_chain(const Expr& chain, const AssetMeta& meta);

/// The definition a composition's define() chain builds.
CompositionDef read_composition_chain(const Expr& chain, const AssetMeta& meta);

NodeDef read_node_chain(const Expr& chain, const AssetMeta& meta);

ModelDef read_model_chain(const Expr& chain, const AssetMeta& meta);

/// Checks the root call `builder(META.id)` and returns the root; `calls`
/// receives the method calls in order.
const Expr& read_root(const Expr& chain,
                      std::string_view builder,
                      const AssetMeta& meta,
                      std::vector<ChainCall>& calls);

}  // namespace lf::assets::detail
