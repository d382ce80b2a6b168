#pragma once

// The MCP resources: the authoring guide (lf://guide/authoring-assets), each
// asset's source (lf://assets/{asset_id}) and each run's manifest
// (lf://runs/{run_id}/manifest). Thread-safety: pure functions over the
// Service.

#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/service.hpp>

namespace lf::mcp {

/// Every concrete resource: the guide, then assets by kind and id, then runs
/// oldest first. Assets or runs that cannot be listed are left out.
boost::json::array list_resources(const core::Service& service);

/// The two resource templates.
boost::json::array resource_templates();

/// {contents:[{uri, mimeType, text}]} for `uri`. Errors: not_found for a URI
/// that names nothing this server serves, and the Service's errors (not_found
/// for a missing asset or run).
Result<boost::json::object> read_resource(const core::Service& service, std::string_view uri);

}  // namespace lf::mcp
