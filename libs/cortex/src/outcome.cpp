#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <boost/json.hpp>

#include <lightflow/cortex/outcome.hpp>

namespace lf::cortex {
namespace {

// The whole file, std::nullopt when it does not exist.
Result<std::optional<std::string>> read_optional(const std::filesystem::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return std::optional<std::string>();
    }
    return fail(errno_error(errno, path.string()));
  }
  std::string content;
  char buffer[16384];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      content.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    const int errnum = errno;
    close(fd);
    if (n < 0) {
      return fail(errno_error(errnum, path.string()));
    }
    return std::optional<std::string>(std::move(content));
  }
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string_view to_string(OutcomeKind kind) noexcept {
  return kind == OutcomeKind::response ? "response" : "error";
}

Result<std::optional<Outcome>> read_outcome(const Exchange& exchange) {
  auto response = read_optional(exchange.response);
  if (!response) {
    return fail(std::move(response).error());
  }
  std::optional<std::string> error_body;
  if (!*response) {
    auto error = read_optional(exchange.error);
    if (!error) {
      return fail(std::move(error).error());
    }
    if (!*error) {
      return std::optional<Outcome>();
    }
    error_body = std::move(**error);
  }
  Outcome outcome;
  outcome.kind = *response ? OutcomeKind::response : OutcomeKind::error;
  outcome.body = *response ? std::move(**response) : std::move(*error_body);
  auto fingerprint = read_optional(exchange.fingerprint);
  if (!fingerprint) {
    return fail(std::move(fingerprint).error());
  }
  if (*fingerprint) {
    outcome.fingerprint = trimmed(std::move(**fingerprint));
  }
  if (exchange.route_metadata) {
    auto route = read_optional(*exchange.route_metadata);
    if (!route) {
      return fail(std::move(route).error());
    }
    if (*route) {
      // A route file that does not parse keeps the outcome but loses its route.
      if (auto parsed = ctxabi::parse_route_record(**route)) {
        outcome.route = std::move(*parsed);
      }
    }
  }
  return std::optional<Outcome>(std::move(outcome));
}

boost::json::object to_json(const Outcome& outcome) {
  boost::json::object json{
      {"status", to_string(outcome.kind)},
      {"body", outcome.body},
  };
  json["fingerprint"] =
      outcome.fingerprint ? boost::json::value(*outcome.fingerprint) : boost::json::value(nullptr);
  if (outcome.route) {
    json["route"] = boost::json::object{
        {"provider", outcome.route->provider},
        {"model", outcome.route->model},
        {"reason", outcome.route->reason},
    };
  } else {
    json["route"] = nullptr;
  }
  return json;
}

}  // namespace lf::cortex
