#pragma once

// Checks a workflow or composition against the assets a catalog holds:
// required models exist; steps name existing nodes or compositions; step ids
// are unique, safe path segments; dependencies name earlier steps (so there
// are no cycles); template placeholders name declared inputs and steps the
// step depends on, directly or transitively; bindings name real ports; the
// node's target and the step's agree. One message per problem, in step order.
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

/// Problems of a node on its own: placeholders of its template must name its input ports.
std::vector<std::string> node_issues(const NodeDef& def);

}  // namespace lf::assets
