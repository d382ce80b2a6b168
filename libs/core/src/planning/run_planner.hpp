#pragma once

// The planner: from a workflow definition, the run inputs and a run id to the
// steps a run records, each with its own CortexFS exchange (request id
// "<run_id>.<incarnation>.<step_id>", so two runs, or two incarnations of one
// run id, never share a request file) and its
// request template in run terms. Shared by preview and create.
// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/core/run_types.hpp>
#include <lightflow/ctxabi/layout.hpp>

#include "planning/step_expansion.hpp"

namespace lf::core {

struct PlannedRun {
  std::vector<RunStepRecord> steps;  ///< in execution order; status planned
  std::vector<std::string> issues;   ///< empty = the run can be created
};

/// Plans `workflow` for incarnation `incarnation` of run `run_id` with
/// `inputs` (defaults already applied).
/// Reports as issues: expansion problems, invalid or duplicate step ids,
/// unknown targets, dependencies that are not earlier steps, and every
/// placeholder that names an undeclared or missing run input or a step the
/// step does not depend on. REQUIRES: validate_run_id(run_id) succeeded.
PlannedRun plan_run(const assets::WorkflowDef& workflow,
                    const PlanCatalog& catalog,
                    const boost::json::object& inputs,
                    std::string_view run_id,
                    std::string_view incarnation,
                    const ctxabi::Layout& layout);

/// The CortexFS target of an assets target; invalid_argument for an unknown
/// format or a bad tool or thread id, or for a composition.
Result<cortex::Target> cortex_target(const assets::StepTarget& target);

/// The request id of attempt `attempt` of a step: "<run>.<incarnation>.<step>"
/// for the first, "<run>.<incarnation>.<step>.<attempt>" after that (without
/// "<incarnation>." for a run recorded before incarnations existed).
Result<std::string> attempt_request_id(std::string_view run_id,
                                       std::string_view incarnation,
                                       std::string_view step_id,
                                       int attempt);

}  // namespace lf::core
