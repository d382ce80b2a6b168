#pragma once

// Helpers the route files share, and the functions that add each group of
// routes. A handler parses its request, makes one Service call and writes the
// result's JSON form; nothing else. Thread-safety: pure functions.

#include <type_traits>

#include <boost/json/value_from.hpp>

#include <lightflow/core/asset_results.hpp>
#include <lightflow/core/engine.hpp>
#include <lightflow/core/execution.hpp>
#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_json.hpp>
#include <lightflow/core/run_requests.hpp>

#include "call.hpp"
#include "router.hpp"

namespace lf::lfd {

/// The JSON form of a Service result: its to_json, or the value itself.
template <typename Value>
boost::json::value json_of(const Value& value) {
  if constexpr (std::is_convertible_v<const Value&, boost::json::value>) {
    return value;
  } else {
    using core::to_json;
    return to_json(value);
  }
}

/// Answers `result` as JSON with `status`, or its error.
template <typename Value>
void answer(const Call& call, const Result<Value>& result, http::status status = http::status::ok) {
  if (!result) {
    call.fail(result.error());
    return;
  }
  call.respond(json_response(status, json_of(*result)));
}

/// "/runs/<id>": where a run is read.
std::string run_location(std::string_view run_id);

/// A CreateRunRequest from a body {run_id?, workflow_asset_id, inputs?}.
Result<core::CreateRunRequest> create_request_from(const boost::json::value& body);

/// ExecOptions from the "options" member of a body, when present:
/// {max_parallel?, step_timeout_s?, max_attempts?, cache?: "use"|"bypass"}.
Result<core::ExecOptions> exec_options_from(const boost::json::value& body);

void add_asset_routes(Router& router);
void add_run_routes(Router& router);
void add_exec_routes(Router& router);
void add_follow_routes(Router& router);
void add_stream_routes(Router& router);
void add_mcp_routes(Router& router);

}  // namespace lf::lfd
