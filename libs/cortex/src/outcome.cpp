#include <string>

#include <boost/json.hpp>

#include <lightflow/cortex/outcome.hpp>

#include "optional_file.hpp"

namespace lf::cortex {

using detail::read_optional_file;
using detail::trimmed;

std::string_view to_string(OutcomeKind kind) noexcept {
  return kind == OutcomeKind::response ? "response" : "error";
}

Result<std::optional<Outcome>> read_outcome(const Exchange& exchange) {
  auto response = read_optional_file(exchange.response);
  if (!response) {
    return fail(std::move(response).error());
  }
  std::optional<std::string> error_body;
  if (!*response) {
    auto error = read_optional_file(exchange.error);
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
  auto fingerprint = read_optional_file(exchange.fingerprint);
  if (!fingerprint) {
    return fail(std::move(fingerprint).error());
  }
  if (*fingerprint) {
    outcome.fingerprint = trimmed(std::move(**fingerprint));
  }
  if (exchange.route_metadata) {
    auto route = read_optional_file(*exchange.route_metadata);
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
