#pragma once

// The MCP prompts: "write_workflow" walks an agent through writing, checking,
// previewing and running a new workflow with the tools; "diagnose_run" hands
// it a run's status and events and the steps to find why it failed.
// Thread-safety: pure functions over the Service.

#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/service.hpp>

namespace lf::mcp {

/// prompts/list entries.
boost::json::array prompt_list();

/// The prompts/get result {description, messages}. Errors: invalid_argument
/// for an unknown prompt or a missing required argument; the Service's errors
/// (not_found for diagnose_run of a missing run).
Result<boost::json::object> get_prompt(const core::Service& service,
                                       std::string_view name,
                                       const boost::json::object& arguments);

}  // namespace lf::mcp
