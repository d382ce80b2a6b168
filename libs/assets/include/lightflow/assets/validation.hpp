#pragma once

// Checks a workflow or composition against the assets a catalog holds:
// required models exist; steps name existing nodes or compositions; step ids
// are unique, safe path segments; dependencies name earlier steps (so there
// are no cycles); template placeholders name declared inputs and steps the
// step depends on, directly or transitively; bindings name real ports; the
// node's target and the step's agree; a field's default is one of its
// choices and within its range. One message per problem, in step order.
// Thread-safety: pure functions.

#include <string>
#include <vector>

#include <lightflow/assets/discovery.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::assets {

/// Every problem of `def`; empty when the workflow can be planned. Messages
/// start with "workflow <id> ..." (the reference's wording where it had one).
std::vector<std::string> workflow_issues(const WorkflowDef& def, const AssetCatalog& catalog);

/// The same for a composition ("composition <id> ...").
std::vector<std::string> composition_issues(const CompositionDef& def, const AssetCatalog& catalog);

/// Problems of a node on its own: placeholders of its template must name its
/// input ports; port defaults must fit their choices and range.
std::vector<std::string> node_issues(const NodeDef& def);

/// Problems of one field: "default \"x\" is not one of its choices \"a\", \"b\"",
/// "default 5 is below its minimum 10" / "is above its maximum 3".
std::vector<std::string> field_issues(const FieldDef& field);

/// The problems of whichever kind `asset` is: workflow_issues,
/// composition_issues or node_issues (a model has none).
std::vector<std::string> asset_issues(const ParsedAsset& asset, const AssetCatalog& catalog);

}  // namespace lf::assets
