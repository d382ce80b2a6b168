#pragma once

// The smallest run the run store accepts: a manifest without steps, its
// request and workflow documents, and the run.created event. The run-store
// tests build on it.

#include <string>

#include <boost/json.hpp>

#include "store/run_store.hpp"

namespace lf_test {

inline lf::core::NewRun sample_run(const std::string& id) {
  lf::core::NewRun run;
  run.manifest.run_id = id;
  run.manifest.workflow_asset_id = "workflow.sample";
  run.request = boost::json::object{{"workflow_asset_id", "workflow.sample"}};
  run.resolved_workflow = boost::json::object{{"id", "workflow.sample"}};
  run.events.push_back(
      lf::core::EventEntry{lf::core::EventKind::run_created, std::nullopt, "workflow.sample"});
  return run;
}

}  // namespace lf_test
