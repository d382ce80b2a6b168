#pragma once

// Turning lf run's shared flags into Service requests.

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_requests.hpp>

#include "parsed_args.hpp"

namespace lf::cli {

/// The run inputs from --inputs (JSON text, - for stdin, @file); {} without it.
/// Errors: invalid_argument when the text is not JSON.
Result<boost::json::value> inputs_argument(const ParsedArgs& args);

/// A create request from <workflow_id>, --id and --inputs.
Result<core::CreateRunRequest> create_request(const ParsedArgs& args);

}  // namespace lf::cli
