#include "planning/run_planner.hpp"

#include <algorithm>
#include <set>

#include <lightflow/ctxabi/ids.hpp>

#include "planning/request_template.hpp"

namespace lf::core {
namespace {

using Source = assets::Placeholder::Source;

// A placeholder naming a declared run input that has no value (and no
// default) can never render. Required inputs are reported by
// assets::validate_inputs already; undeclared names and steps the step does
// not depend on by assets::workflow_issues.
void check_inputs(const assets::WorkflowDef& workflow,
                  const boost::json::object& inputs,
                  const ResolvedStep& step,
                  std::vector<std::string>& issues) {
  auto placeholders = template_placeholders(step.request_template);
  if (!placeholders) {
    issues.push_back("step " + step.step_id + ": " + placeholders.error().message);
    return;
  }
  for (const auto& placeholder : *placeholders) {
    if (placeholder.source != Source::input || inputs.contains(placeholder.name)) {
      continue;
    }
    const assets::FieldDef* field = assets::find_field(workflow.inputs, placeholder.name);
    if (field != nullptr && !field->required) {
      issues.push_back("run input field " + placeholder.name + " is required for step "
                       + step.step_id);
    }
  }
}

RunStepRecord plan_step(const ResolvedStep& step,
                        std::string_view run_id,
                        std::string_view incarnation,
                        const ctxabi::Layout& layout,
                        std::vector<std::string>& issues) {
  RunStepRecord record;
  record.step_id = step.step_id;
  record.node_or_composition_id = step.node_or_composition_id;
  record.depends_on = step.depends_on;
  record.request_template = step.request_template;
  if (step.timeout_seconds) {
    record.timeout_ms = *step.timeout_seconds * 1000;
  }
  if (step.retries) {
    record.max_attempts = static_cast<int>(*step.retries) + 1;
  }
  record.current.number = 1;
  auto target = cortex_target(step.target);
  auto request_id = attempt_request_id(run_id, incarnation, step.step_id, 1);
  if (!target || !request_id) {
    issues.push_back("step " + step.step_id + ": "
                     + (target ? request_id.error().message : target.error().message));
    return record;
  }
  auto exchange = cortex::plan_exchange(layout, *target, *request_id);
  if (!exchange) {
    issues.push_back("step " + step.step_id + ": " + exchange.error().message);
    return record;
  }
  record.current.cortex = std::move(*exchange);
  return record;
}

}  // namespace

Result<cortex::Target> cortex_target(const assets::StepTarget& target) {
  switch (target.kind) {
    case assets::TargetKind::api:
      return cortex::api_target(target.value);
    case assets::TargetKind::tool:
      return cortex::tool_target(target.value);
    case assets::TargetKind::thread:
      return cortex::thread_target(target.value);
    case assets::TargetKind::composition:
      break;
  }
  return fail(Code::invalid_argument, "a composition is not a CortexFS target");
}

Result<std::string> attempt_request_id(std::string_view run_id,
                                       std::string_view incarnation,
                                       std::string_view step_id,
                                       int attempt) {
  auto id = ctxabi::make_request_id(run_id, incarnation, step_id);
  if (!id || attempt <= 1) {
    return id;
  }
  std::string numbered = *id + "." + std::to_string(attempt);
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::request_id, numbered); !ok) {
    return fail(std::move(ok).error());
  }
  return numbered;
}

PlannedRun plan_run(const assets::WorkflowDef& workflow,
                    const PlanCatalog& catalog,
                    const boost::json::object& inputs,
                    std::string_view run_id,
                    std::string_view incarnation,
                    const ctxabi::Layout& layout) {
  Expansion expansion = expand_workflow(workflow, catalog);
  PlannedRun plan;
  plan.issues = std::move(expansion.issues);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < expansion.steps.size(); ++i) {
    const ResolvedStep& step = expansion.steps[i];
    if (!seen.insert(step.step_id).second) {
      plan.issues.push_back("duplicate step id " + step.step_id);
    }
    check_inputs(workflow, inputs, step, plan.issues);
    plan.steps.push_back(plan_step(step, run_id, incarnation, layout, plan.issues));
  }
  // The same problem can be found on two paths (a composition used twice).
  std::vector<std::string> unique;
  for (auto& issue : plan.issues) {
    if (std::find(unique.begin(), unique.end(), issue) == unique.end()) {
      unique.push_back(std::move(issue));
    }
  }
  plan.issues = std::move(unique);
  return plan;
}

}  // namespace lf::core
