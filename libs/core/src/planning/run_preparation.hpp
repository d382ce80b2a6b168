#pragma once

// What preview and create share: the workflow loaded from its asset, the run
// inputs checked and completed with defaults, and the plan, with every
// problem gathered in one list. Thread-safety: reads asset files only.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <lightflow/core/config.hpp>
#include <lightflow/core/run_requests.hpp>

#include "planning/run_planner.hpp"
#include "planning/workflow_source.hpp"
#include "store/run_store.hpp"

namespace lf::core {

struct PreparedRun {
  LoadedWorkflow workflow;
  boost::json::object inputs;  ///< defaults applied
  PlannedRun plan;
  std::vector<std::string> issues;  ///< reference, input and planning problems, in that order
};

/// Loads and plans `request.workflow_asset_id` for incarnation `incarnation`
/// of run `run_id`.
/// Errors: those of load_workflow (not_found, invalid_argument). Problems
/// with the inputs or the plan are issues, not errors.
Result<PreparedRun> prepare_run(const ServiceConfig& config,
                                const CreateRunRequest& request,
                                std::string_view run_id,
                                std::string_view incarnation);

/// Plans and publishes a new run (Service::run_create), returning it with the
/// version of its manifest file for an executor to start from.
Result<CachedManifest> create_run(const ServiceConfig& config, const CreateRunRequest& request);

/// The request body of `step` rendered from the run inputs alone, or null
/// when it has no template or reads earlier answers.
boost::json::value preview_request(const RunStepRecord& step, const boost::json::object& inputs);

}  // namespace lf::core
