#include <cerrno>
#include <cstring>
#include <string>

#include <lightflow/base/error.hpp>

namespace lf {

std::string_view to_string(Code code) noexcept {
  switch (code) {
    case Code::invalid_argument:
      return "invalid_argument";
    case Code::not_found:
      return "not_found";
    case Code::already_exists:
      return "already_exists";
    case Code::conflict:
      return "conflict";
    case Code::failed_precondition:
      return "failed_precondition";
    case Code::io_error:
      return "io_error";
    case Code::corruption:
      return "corruption";
    case Code::timeout:
      return "timeout";
    case Code::unavailable:
      return "unavailable";
    case Code::cancelled:
      return "cancelled";
    case Code::internal:
      return "internal";
  }
  return "internal";
}

Error errno_error(int errnum, std::string_view context) {
  Code code = Code::io_error;
  if (errnum == ENOENT) {
    code = Code::not_found;
  } else if (errnum == EEXIST) {
    code = Code::already_exists;
  }
  std::string message(context);
  message += ": ";
  message += std::strerror(errnum);
  return Error{code, std::move(message)};
}

Error error_from(const std::error_code& ec, std::string_view context) {
  if (ec.category() == std::generic_category() || ec.category() == std::system_category()) {
    return errno_error(ec.value(), context);
  }
  return Error{Code::io_error, std::string(context) + ": " + ec.message()};
}

}  // namespace lf
