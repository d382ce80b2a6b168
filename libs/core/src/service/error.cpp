#include <lightflow/core/error_mapping.hpp>

namespace lf::core {

// The one table. Exit codes start at 3 so that 1 (generic failure) and 2 (usage)
// keep their usual shell meanings; see docs/errors.md before changing a row (a
// unit test reads the table there and compares it with this one).
ErrorMapping error_mapping(Code code) noexcept {
  switch (code) {
    case Code::invalid_argument:
      return {400, 3, -32602};
    case Code::not_found:
      return {404, 4, -32002};
    case Code::already_exists:
      return {409, 5, -32003};
    case Code::conflict:
      return {409, 6, -32004};
    case Code::failed_precondition:
      return {412, 7, -32005};
    case Code::io_error:
      return {500, 8, -32006};
    case Code::corruption:
      return {500, 9, -32007};
    case Code::timeout:
      return {504, 10, -32008};
    case Code::unavailable:
      return {503, 11, -32009};
    case Code::cancelled:
      return {409, 12, -32010};
    case Code::internal:
      return {500, 70, -32603};
  }
  return {500, 70, -32603};
}

RunOutcome run_outcome(RunStatus status) noexcept {
  switch (status) {
    case RunStatus::succeeded:
      return {200, 0};
    case RunStatus::failed:
      return {200, 1};
    case RunStatus::cancelled:
      // 128 + SIGINT, what a shell reports for a job stopped with Ctrl-C.
      return {200, 130};
    case RunStatus::planned:
    case RunStatus::running:
      return {202, 1};
  }
  return {202, 1};
}

boost::json::object to_json(const Error& error, ErrorDetail detail) {
  boost::json::object out;
  out["code"] = to_string(error.code);
  out["message"] = error.message;
  if (error.subject == Subject::none) {
    out["subject"] = nullptr;
  } else {
    out["subject"] =
        boost::json::object{{"kind", to_string(error.subject)}, {"id", error.subject_id}};
  }
  if (detail == ErrorDetail::include && !error.detail.empty()) {
    out["detail"] = error.detail;
  }
  return out;
}

}  // namespace lf::core
