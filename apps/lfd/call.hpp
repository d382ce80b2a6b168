#pragma once

// One HTTP exchange as a route handler sees it: the parsed request, its path
// parameters and query, the server's shared context, and the way back to the
// client. A handler answers exactly once, either with respond() or by opening
// a stream (Server-Sent Events) that it later closes. The way back is an
// interface so that the router can be driven without a socket (tests) and so
// that later transports (a WebSocket upgrade, MCP over HTTP) plug in as
// handlers. Thread-safety: a Call may be used from any one thread at a time;
// Responder implementations are thread-safe.

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/service.hpp>
#include <lightflow/stream/discovery.hpp>

#include "http_types.hpp"

namespace lf::lfd {

class Executions;
class SessionRegistry;

/// Takes over a connection whose request asked for another protocol (a
/// WebSocket upgrade): the socket, with nothing of the request's bytes left
/// unread, and the registry the new session joins so that shutdown reaches it.
using UpgradeHandler = std::function<void(boost::asio::generic::stream_protocol::socket socket,
                                          SessionRegistry& registry)>;

/// The way back to one client connection.
class Responder {
 public:
  virtual ~Responder() = default;

  /// Sends the complete response. REQUIRES: called once, and not after
  /// open_stream().
  virtual void respond(Response response) = 0;

  /// Sends `head` (its body is ignored) and keeps the exchange open for
  /// write_chunk() calls until close_stream().
  virtual void open_stream(Response head) = 0;

  /// Queues `data` on an open stream. Returns false when the client is gone
  /// or too far behind; the caller then stops.
  virtual bool write_chunk(std::string data) = 0;

  /// Ends an open stream; the connection may carry the next request.
  virtual void close_stream() = 0;

  /// True once the client has gone or the server asks long exchanges to end.
  virtual bool closing() const = 0;

  /// Instead of answering, hands the connection to `handler` (on the
  /// connection's strand); this exchange is then over for HTTP. Returns false
  /// when the transport cannot (the client is gone, or no socket, as in the
  /// router's tests): then the caller answers as usual.
  virtual bool upgrade(UpgradeHandler /*handler*/) { return false; }
};

/// What every handler may use. Owned by the server; outlives every Call.
struct ServerContext {
  core::Service& service;
  Executions& executions;
  /// Where blocking Service calls and the timers of long calls run.
  boost::asio::any_io_executor work;
  /// Set when the server stops accepting: long calls answer and end.
  const std::atomic<bool>& stopping;
  /// Where this server listens, once it does (GET /runtime/streams).
  std::optional<stream::ServerAdvert> advert;
};

class Call {
 public:
  Call(Request request,
       std::map<std::string, std::string, std::less<>> params,
       std::map<std::string, std::string, std::less<>> query,
       ServerContext& server,
       std::shared_ptr<Responder> responder)
      : request_(std::move(request)),
        params_(std::move(params)),
        query_(std::move(query)),
        server_(server),
        responder_(std::move(responder)) {}

  const Request& request() const noexcept { return request_; }

  /// A path parameter by its name in the route pattern ("run_id").
  /// REQUIRES: the route declares it.
  const std::string& param(std::string_view name) const { return params_.find(name)->second; }

  /// A query parameter, percent-decoded; std::nullopt when absent.
  std::optional<std::string> query(std::string_view name) const {
    const auto found = query_.find(name);
    return found == query_.end() ? std::nullopt : std::optional(found->second);
  }

  core::Service& service() const noexcept { return server_.service; }

  ServerContext& server() const noexcept { return server_; }

  const std::shared_ptr<Responder>& responder() const noexcept { return responder_; }

  void respond(Response response) const { responder_->respond(std::move(response)); }

  /// The error response for a Service error.
  void fail(const Error& error) const { respond(error_response(error)); }

  /// The request body as JSON. invalid_argument when it does not parse.
  Result<boost::json::value> json_body() const;

 private:
  Request request_;
  std::map<std::string, std::string, std::less<>> params_;
  std::map<std::string, std::string, std::less<>> query_;
  ServerContext& server_;
  std::shared_ptr<Responder> responder_;
};

}  // namespace lf::lfd
