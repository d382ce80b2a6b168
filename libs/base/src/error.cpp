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

std::string_view to_string(Subject subject) noexcept {
  switch (subject) {
    case Subject::none:
      return "none";
    case Subject::run:
      return "run";
    case Subject::step:
      return "step";
    case Subject::asset:
      return "asset";
    case Subject::request:
      return "request";
  }
  return "none";
}

Error& Error::about(Subject kind, std::string_view id) & {
  subject = kind;
  subject_id = std::string(id);
  return *this;
}

Error Error::about(Subject kind, std::string_view id) && {
  return std::move(about(kind, id));
}

Error& Error::with_detail(std::string text) & {
  detail = std::move(text);
  return *this;
}

Error Error::with_detail(std::string text) && {
  return std::move(with_detail(std::move(text)));
}

Error path_error(Code code, std::string_view path, std::string_view problem) {
  std::string full(path);
  full += ": ";
  full += problem;
  std::string_view trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') {
    trimmed.remove_suffix(1);
  }
  const auto slash = trimmed.rfind('/');
  if (slash == std::string_view::npos || slash + 1 == trimmed.size()) {
    return Error{code, std::move(full)};
  }
  // Only the last component leaves the host: a remote client knows runs and
  // assets by id, not where this machine keeps them.
  const std::string_view name = trimmed.substr(slash + 1);
  std::string message(name);
  message += ": ";
  message += problem;
  return Error{code, std::move(message)}.with_detail(std::move(full));
}

Error errno_error(int errnum, std::string_view context) {
  Code code = Code::io_error;
  if (errnum == ENOENT) {
    code = Code::not_found;
  } else if (errnum == EEXIST) {
    code = Code::already_exists;
  }
  return path_error(code, context, std::strerror(errnum));
}

Error error_from(const std::error_code& ec, std::string_view context) {
  if (ec.category() == std::generic_category() || ec.category() == std::system_category()) {
    return errno_error(ec.value(), context);
  }
  return path_error(Code::io_error, context, ec.message());
}

}  // namespace lf
