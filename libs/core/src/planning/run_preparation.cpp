#include "planning/run_preparation.hpp"

#include <lightflow/assets/input_validation.hpp>

#include "planning/request_template.hpp"

namespace lf::core {

Result<PreparedRun> prepare_run(const ServiceConfig& config,
                                const CreateRunRequest& request,
                                std::string_view run_id,
                                std::string_view incarnation) {
  auto loaded = load_workflow(config.project_root, request.workflow_asset_id);
  if (!loaded) {
    return fail(std::move(loaded).error());
  }
  PreparedRun prepared;
  prepared.workflow = std::move(*loaded);
  const assets::WorkflowDef& definition = prepared.workflow.definition;
  assets::InputValidation checked = assets::validate_inputs(definition, request.inputs);
  prepared.inputs = std::move(checked.inputs);
  prepared.plan = plan_run(
      definition, prepared.workflow.catalog, prepared.inputs, run_id, incarnation, config.ctx);
  prepared.issues = prepared.workflow.issues;
  prepared.issues.insert(prepared.issues.end(), checked.problems.begin(), checked.problems.end());
  prepared.issues.insert(
      prepared.issues.end(), prepared.plan.issues.begin(), prepared.plan.issues.end());
  return prepared;
}

boost::json::value preview_request(const RunStepRecord& step, const boost::json::object& inputs) {
  if (step.request_template.is_null()) {
    return nullptr;
  }
  auto rendered = render_request(step.request_template, TemplateValues{inputs, {}});
  if (!rendered) {
    return nullptr;
  }
  return std::move(*rendered);
}

}  // namespace lf::core
