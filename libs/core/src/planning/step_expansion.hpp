#pragma once

// Turns a workflow definition into the flat list of steps a run executes:
// composition steps become their inner steps ("<step>-<inner>"), node request
// templates are filled from the step's bindings and the node's defaults, and
// every template ends up in run terms ({{inputs.<run input>}},
// {{steps.<run step>.…}}) as an openai.chat request body. Problems are
// collected as issues, never thrown. Thread-safety: pure functions.

#include <map>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/assets/node_def.hpp>
#include <lightflow/assets/workflow_def.hpp>

namespace lf::core {

/// The assets a workflow's steps refer to, by id.
struct PlanCatalog {
  std::map<std::string, assets::NodeDef> nodes;
  std::map<std::string, assets::CompositionDef> compositions;
  std::map<std::string, assets::ModelDef> models;
};

/// One step of a run, before it gets its CortexFS exchange.
struct ResolvedStep {
  std::string step_id;
  std::string node_or_composition_id;
  assets::StepTarget target;  ///< api, tool or thread (never composition)
  std::vector<std::string> depends_on;
  boost::json::value request_template;  ///< null when the step declares none
  std::optional<std::string> model_alias;
  std::optional<long long> timeout_seconds;
  std::optional<long long> retries;
};

struct Expansion {
  std::vector<ResolvedStep> steps;
  std::vector<std::string> issues;
};

/// Expands `workflow` against `catalog`. Each issue is a sentence naming the
/// step, e.g. "step draft: node node.llm_prompt input prompt is not bound".
Expansion expand_workflow(const assets::WorkflowDef& workflow, const PlanCatalog& catalog);

}  // namespace lf::core
