#pragma once

// lf::Error and lf::Code: the one error model every LightFlow layer shares.
// It lives in the bottom library (lf::base) so that lf::ctxabi, lf::assets,
// lf::cortex, lf::core and the ctxfs daemon all speak it without depending on
// each other. The mapping of each Code to an HTTP status, CLI exit code and MCP
// error code lives in lf::core (<lightflow/core/error_mapping.hpp>); see
// docs/errors.md.
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

/// What kind of thing an error is about, so that an adapter tells a missing
/// run from a missing step of an existing run without reading the message.
/// Persisted in JSON as the snake_case name: never rename a value.
enum class Subject {
  none,     ///< not about one named thing
  run,      ///< a run, by run id
  step,     ///< a step of a run, by step id
  asset,    ///< an asset, by asset id
  request,  ///< a CortexFS request, by request id
};

/// The snake_case name of `subject` ("none", "run", ...).
std::string_view to_string(Subject subject) noexcept;

/// A failure with a message a person can act on.
///
/// `message` reads "context: detail" and is safe to show a remote client: it
/// names runs, steps and assets by id and files by name, never by host path.
/// `detail`, when not empty, is the same failure told for local eyes (the CLI,
/// logs): it may carry absolute paths and operating-system text, and replaces
/// `message` there (local_text()).
///
/// `Error{code, message}` stays valid; the fields after `message` have
/// default initializers, so GCC's -Wmissing-field-initializers stays quiet.
struct Error {
  Code code = Code::internal;
  std::string message;
  Subject subject = Subject::none;
  std::string subject_id{};  ///< the id of the subject; empty when subject is none
  std::string detail{};      ///< local-only text; empty when the message says it all

  /// Sets the subject; returns *this, so `Error{...}.about(Subject::run, id)`.
  /// On a temporary it returns the error by value, so a reference bound to
  /// the result never dangles.
  Error& about(Subject kind, std::string_view id) &;
  Error about(Subject kind, std::string_view id) &&;

  /// Sets the local-only detail (by value on a temporary, as about()).
  Error& with_detail(std::string text) &;
  Error with_detail(std::string text) &&;

  /// What a local reader is shown: `detail` when set, else `message`.
  const std::string& local_text() const noexcept { return detail.empty() ? message : detail; }
};

/// Converts an errno value into an Error naming `context` (usually a path):
/// ENOENT becomes not_found, EEXIST already_exists, anything else io_error.
/// When `context` is a path with directories, `message` names only its last
/// component ("manifest.json: No such file or directory") and `detail` the
/// whole path; otherwise both are "context: reason" and detail stays empty.
Error errno_error(int errnum, std::string_view context);

/// The same for a std::error_code from std::filesystem.
Error error_from(const std::error_code& ec, std::string_view context);

/// An error about a file: `message` is "<file name>: <problem>", `detail`
/// "<path>: <problem>" (see errno_error for when they differ).
Error path_error(Code code, std::string_view path, std::string_view problem);

}  // namespace lf
