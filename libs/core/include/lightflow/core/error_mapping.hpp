#pragma once

// How each lf::Code and each finished run reaches a user through each adapter:
// the HTTP status lfd answers with, the exit code lf returns and the JSON-RPC
// error code lf-mcp uses for protocol-level failures; and the JSON form of an
// error. One table (src/service/error.cpp, docs/errors.md); adapters never
// invent their own codes. Thread-safety: pure functions.

#include <boost/json/object.hpp>

#include <lightflow/base/error.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::core {

struct ErrorMapping {
  int http_status;
  int exit_code;
  int jsonrpc_code;
};

/// The adapter codes for `code`.
ErrorMapping error_mapping(Code code) noexcept;

/// What a run's status means to an adapter that waited for the run (lf run
/// exec|resume|rerun|wait, lfd's and lf-mcp's run-and-wait operations). A run
/// that fails is a result, not an error, so every finished run answers 200.
struct RunOutcome {
  int http_status;  ///< 200 once finished; 202 while planned or running
  int exit_code;    ///< 0 succeeded, 130 cancelled, 1 anything else
};

/// The outcome of a run whose status is `status`.
RunOutcome run_outcome(RunStatus status) noexcept;

/// Whether to_json(Error) shows the local-only detail.
enum class ErrorDetail {
  omit,     ///< for remote clients (lfd, lf-mcp): no host paths
  include,  ///< for the local user (lf --json)
};

/// {code, message, subject: {kind, id} or null} plus, with
/// ErrorDetail::include and a detail set, "detail".
boost::json::object to_json(const Error& error, ErrorDetail detail = ErrorDetail::omit);

}  // namespace lf::core
