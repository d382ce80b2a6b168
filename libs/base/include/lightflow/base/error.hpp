#pragma once

// lf::Error and lf::Code: the one error model every LightFlow layer shares.
// It lives with the bottom library (lf::ctxabi) so that lf::assets, lf::cortex,
// lf::core and the ctxfs daemon all speak it without depending on each other.
// The mapping of each Code to an HTTP status, CLI exit code and MCP error code
// lives in lf::core (libs/core/src/error.cpp); see docs/errors.md.
// Thread-safety: plain values.

#include <string>
#include <string_view>
#include <system_error>

namespace lf {

/// The closed set of failure kinds. Persisted in JSON as the snake_case name:
/// never rename a value.
enum class Code {
  invalid_argument,
  not_found,
  already_exists,
  conflict,
  failed_precondition,
  io_error,
  corruption,
  timeout,
  unavailable,
  cancelled,
  internal,
};

/// The snake_case name of `code`, as it appears in JSON.
std::string_view to_string(Code code) noexcept;

/// A failure with a message a person can act on. The message reads
/// "context: detail", for example "runs/abc/manifest.json: No such file or directory".
struct Error {
  Code code = Code::internal;
  std::string message;
};

/// Converts an errno value into an Error naming `context` (usually a path):
/// ENOENT becomes not_found, EEXIST already_exists, anything else io_error.
Error errno_error(int errnum, std::string_view context);

/// The same for a std::error_code from std::filesystem.
Error error_from(const std::error_code& ec, std::string_view context);

}  // namespace lf
