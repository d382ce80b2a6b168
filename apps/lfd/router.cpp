#include "router.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/post.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/json/parse.hpp>

namespace lf::lfd {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else if (i + 2 < text.size() + 0 && hex_value(text[i + 1]) >= 0
               && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      return fail(Code::invalid_argument, "bad percent escape in the request target");
    }
  }
  return out;
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

// Constant-time comparison, so the token cannot be guessed byte by byte.
bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  }
  return diff == 0 && !b.empty();
}

bool json_content_type(std::string_view type) {
  const std::string_view media = type.substr(0, type.find(';'));
  return media == "application/json"
         || (media.starts_with("application/") && media.ends_with("+json"));
}

}  // namespace

Result<std::vector<std::string>> path_segments(std::string_view target) {
  std::string_view path = path_of(target);
  if (!path.starts_with('/')) {
    return fail(Code::invalid_argument, "the request target must start with /");
  }
  std::vector<std::string> segments;
  path.remove_prefix(1);
  if (path.empty()) {
    return segments;
  }
  for (;;) {
    const std::size_t slash = path.find('/');
    auto segment = percent_decode(path.substr(0, slash), false);
    if (!segment) {
      return fail(segment.error());
    }
    if (*segment == "." || *segment == ".."
        || segment->find_first_of(std::string_view("/\0", 2)) != std::string::npos) {
      return fail(Code::invalid_argument, "path segment is not allowed: " + *segment);
    }
    segments.push_back(std::move(*segment));
    if (slash == std::string_view::npos) {
      return segments;
    }
    path.remove_prefix(slash + 1);
  }
}

Result<std::map<std::string, std::string, std::less<>>> query_parameters(std::string_view target) {
  std::map<std::string, std::string, std::less<>> query;
  const std::size_t mark = target.find('?');
  if (mark == std::string_view::npos) {
    return query;
  }
  std::string_view rest = target.substr(mark + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
    if (!key || !value) {
      return fail(!key ? key.error() : value.error());
    }
    if (!key->empty()) {
      query.emplace(std::move(*key), std::move(*value));
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return query;
}

Result<boost::json::value> Call::json_body() const {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(request_.body(), ec);
  if (ec) {
    return lf::fail(Code::invalid_argument, "the request body is not valid JSON: " + ec.message());
  }
  return value;
}

void Router::add(
    http::verb method, std::string pattern, BodyKind body, Handler handler, Placement placement) {
  auto segments = path_segments(pattern);
  if (segments && !segments->empty()) {
    roots_.insert(segments->front());
  }
  routes_.push_back(Route{method,
                          segments ? std::move(*segments) : std::vector<std::string>{},
                          body,
                          std::move(handler),
                          placement});
}

void Router::add_cors(std::string_view origin, Response& response) const {
  for (const std::string& allowed : policy_.cors_origins) {
    if (allowed == origin) {
      response.set(http::field::access_control_allow_origin, origin);
      response.set(http::field::access_control_allow_headers,
                   "authorization, content-type, if-match, last-event-id");
      response.set(http::field::access_control_allow_methods, "GET, HEAD, POST, PUT, DELETE");
      response.set(http::field::access_control_expose_headers, "etag, location");
      response.set(http::field::vary, "Origin");
      return;
    }
  }
}

std::optional<Response> Router::gate(const Request& request) const {
  if (request.method() == http::verb::options) {
    const auto origin = request[http::field::origin];
    Response response =
        error_response(http::status::forbidden,
                       "forbidden",
                       "cross-origin requests are allowed only from the --cors-origin list");
    for (const std::string& allowed : policy_.cors_origins) {
      if (allowed == origin) {
        response = Response{http::status::no_content, request.version()};
        response.set(http::field::access_control_max_age, "600");
      }
    }
    return response;
  }
  // Browsers let any page open a WebSocket, without a preflight: an upgrade
  // that names an origin is accepted only from the allowed ones (cross-site
  // WebSocket hijacking).
  if (const auto origin = request[http::field::origin];
      !origin.empty() && boost::beast::iequals(request[http::field::upgrade], "websocket")
      && std::find(policy_.cors_origins.begin(), policy_.cors_origins.end(), origin)
             == policy_.cors_origins.end()) {
    return error_response(http::status::forbidden,
                          "forbidden",
                          "WebSocket connections from a page are allowed only from the "
                          "--cors-origin list");
  }
  if (policy_.token) {
    const std::string_view header = request[http::field::authorization];
    constexpr std::string_view kBearer = "Bearer ";
    if (!header.starts_with(kBearer)
        || !same_secret(header.substr(kBearer.size()), *policy_.token)) {
      Response response = error_response(
          http::status::unauthorized,
          "unauthorized",
          header.empty() ? "a bearer token is required" : "the bearer token is not valid");
      response.set(http::field::www_authenticate, "Bearer");
      return response;
    }
  }
  return std::nullopt;
}

bool Router::for_fallback(const Request& request) const {
  if (!fallback_ || (request.method() != http::verb::get && request.method() != http::verb::head)) {
    return false;
  }
  const std::string_view path = path_of(request.target());
  if (!path.starts_with('/')) {
    return false;
  }
  const std::string_view first = path.substr(1, path.find('/', 1) - 1);
  return !roots_.contains(first);
}

void Router::dispatch(Request request,
                      ServerContext& server,
                      const std::shared_ptr<Responder>& responder) const {
  if (for_fallback(request)) {
    return run(fallback_,
               std::make_shared<Call>(std::move(request),
                                      std::map<std::string, std::string, std::less<>>{},
                                      std::map<std::string, std::string, std::less<>>{},
                                      server,
                                      responder),
               Placement::work_pool);
  }
  if (auto refused = gate(request)) {
    responder->respond(std::move(*refused));
    return;
  }
  auto segments = path_segments(request.target());
  auto query = query_parameters(request.target());
  if (!segments || !query) {
    responder->respond(error_response(!segments ? segments.error() : query.error()));
    return;
  }
  const http::verb method =
      request.method() == http::verb::head ? http::verb::get : request.method();
  const Route* found = nullptr;
  std::map<std::string, std::string, std::less<>> params;
  std::string allowed;
  for (const Route& route : routes_) {
    if (route.segments.size() != segments->size()) {
      continue;
    }
    bool match = true;
    for (std::size_t i = 0; i < segments->size() && match; ++i) {
      const std::string& part = route.segments[i];
      match = part.starts_with('{') ? !(*segments)[i].empty() : part == (*segments)[i];
    }
    if (!match) {
      continue;
    }
    if (route.method == method && found == nullptr) {
      found = &route;
    }
    allowed += (allowed.empty() ? "" : ", ") + std::string(http::to_string(route.method));
  }
  if (found != nullptr) {
    for (std::size_t i = 0; i < segments->size(); ++i) {
      const std::string& part = found->segments[i];
      if (part.starts_with('{')) {
        params.emplace(part.substr(1, part.size() - 2), std::move((*segments)[i]));
      }
    }
  }
  if (found == nullptr) {
    if (allowed.empty()) {
      responder->respond(error_response(http::status::not_found,
                                        "route_not_found",
                                        "no route for " + std::string(path_of(request.target()))));
      return;
    }
    Response response =
        error_response(http::status::method_not_allowed,
                       "method_not_allowed",
                       std::string(request.method_string()) + " is not allowed here");
    response.set(http::field::allow, allowed);
    responder->respond(std::move(response));
    return;
  }
  if (found->body != BodyKind::none
      && (!request.body().empty() || found->body == BodyKind::json_required)
      && !json_content_type(request[http::field::content_type])) {
    responder->respond(error_response(http::status::unsupported_media_type,
                                      "unsupported_media_type",
                                      "the request body must be application/json"));
    return;
  }
  run(found->handler,
      std::make_shared<Call>(
          std::move(request), std::move(params), std::move(*query), server, responder),
      found->placement);
}

void Router::run(const Handler& handler, std::shared_ptr<Call> call, Placement placement) {
  if (placement == Placement::io_thread) {
    return run_here(handler, call);
  }
  auto work = call->server().work;  // before `call` moves into the task
  boost::asio::post(work,
                    [handler = &handler, call = std::move(call)] { run_here(*handler, call); });
}

void Router::run_here(const Handler& handler, const std::shared_ptr<Call>& call) noexcept {
  // No exception may escape into the executor: it would end the server.
  try {
    handler(call);
  } catch (const std::exception& error) {
    call->respond(error_response(http::status::internal_server_error, "internal", error.what()));
  } catch (...) {
    call->respond(
        error_response(http::status::internal_server_error, "internal", "unexpected error"));
  }
}

}  // namespace lf::lfd
