// POST /mcp: LightFlow's MCP server (the lf_mcp_server library lf-mcp runs
// on stdio) over Streamable HTTP, behind the same bearer token as every route.
// The body is one JSON-RPC message or a batch; the answer is JSON (200), or
// 202 with no body when the message held no request, or, for a call with a
// progress token from a client that accepts it, a Server-Sent Events stream
// of its progress and then its response. A client of the handshake era gets
// an Mcp-Session-Id on initialize and sends it back; the stateless 2026-07-28
// revision has no session. A long call cancelled by notifications/cancelled
// (with the same session) is answered with an error. DELETE /mcp is not
// offered (405): sessions hold nothing.

#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <boost/json/serialize.hpp>

#include <lightflow/base/unique_name.hpp>

#include "executions.hpp"
#include "routes.hpp"
#include <lf_mcp/server.hpp>

namespace lf::lfd {
namespace {

// The session ids handed out, so that an unknown one is refused (404) as
// Streamable HTTP asks. Bounded: the oldest are forgotten first.
class McpSessions {
 public:
  std::string open() {
    char text[33];
    std::snprintf(text,
                  sizeof text,
                  "%016llx%016llx",
                  static_cast<unsigned long long>(base::unique_bits()),
                  static_cast<unsigned long long>(base::unique_bits()));
    std::string id(text);
    std::lock_guard lock(mutex_);
    if (order_.size() >= kMaxSessions) {
      known_.erase(order_.front());
      order_.pop_front();
    }
    known_.insert(id);
    order_.push_back(id);
    return id;
  }

  bool known(std::string_view id) {
    std::lock_guard lock(mutex_);
    return known_.contains(std::string(id));
  }

 private:
  static constexpr std::size_t kMaxSessions = 4096;
  std::mutex mutex_;  ///< guards known_ and order_
  std::set<std::string> known_;
  std::deque<std::string> order_;
};

// The MCP server of this lfd, made on the first call: the router is built
// before any Service reference reaches a handler.
struct McpGateway {
  std::once_flag made;
  std::unique_ptr<mcp::Server> server;
  McpSessions sessions;

  mcp::Server& get(ServerContext& context) {
    std::call_once(made, [&] {
      mcp::Options options;
      options.version = LF_VERSION;
      // Runs an agent started are left resumable at shutdown, as lfd's own.
      options.on_launch = [&executions = context.executions](const core::ExecutionHandle& handle) {
        executions.add(handle);
      };
      server = std::make_unique<mcp::Server>(context.service, options);
    });
    return *server;
  }
};

// Answers one POST. A request with a progress token from a client that
// accepts text/event-stream gets its answer as a Server-Sent Events stream:
// each progress notification as it comes, then the response. Everything else
// is answered with one JSON body.
class HttpChannel : public mcp::Channel {
 public:
  HttpChannel(std::shared_ptr<Call> call, McpGateway& gateway)
      : call_(std::move(call)),
        gateway_(gateway),
        accepts_stream_(call_->request()[http::field::accept].find("text/event-stream")
                        != std::string_view::npos) {}

  void notify(const boost::json::object& notification) override {
    std::lock_guard lock(mutex_);
    if (!accepts_stream_) {
      return;  // a JSON answer cannot carry notifications before it
    }
    if (!streaming_) {
      Response head{http::status::ok, call_->request().version()};
      head.set(http::field::content_type, "text/event-stream");
      head.set(http::field::cache_control, "no-cache");
      head.set("X-Accel-Buffering", "no");  // nginx: pass each event on at once
      call_->responder()->open_stream(std::move(head));
      streaming_ = true;
    }
    call_->responder()->write_chunk(event(notification));
  }

  void reply(mcp::Reply reply) override {
    std::lock_guard lock(mutex_);
    if (streaming_) {
      if (reply.message) {
        call_->responder()->write_chunk(event(*reply.message));
      }
      call_->responder()->close_stream();
      return;
    }
    if (!reply.message) {
      if (!reply.had_requests) {
        call_->respond(Response{http::status::accepted, call_->request().version()});
        return;
      }
      // Every request of the message was cancelled: the client stopped
      // waiting, but an HTTP exchange still needs an answer.
      reply.message = boost::json::object{
          {"jsonrpc", "2.0"},
          {"id", nullptr},
          {"error", {{"code", -32800}, {"message", "the request was cancelled"}}}};
    }
    Response response = json_response(http::status::ok, *reply.message);
    if (reply.opened_session) {
      response.set("Mcp-Session-Id", gateway_.sessions.open());
    }
    call_->respond(std::move(response));
  }

 private:
  static std::string event(const boost::json::value& message) {
    return "event: message\ndata: " + boost::json::serialize(message) + "\n\n";
  }

  std::shared_ptr<Call> call_;
  McpGateway& gateway_;
  const bool accepts_stream_;
  std::mutex mutex_;  ///< orders notify() and reply(); guards streaming_
  bool streaming_ = false;
};

}  // namespace

void add_mcp_routes(Router& router) {
  auto gateway = std::make_shared<McpGateway>();
  router.add(
      http::verb::post, "/mcp", BodyKind::json_required, [gateway, &router](const auto& call) {
        // Streamable HTTP asks servers to refuse foreign origins (DNS rebinding):
        // a browser page may reach /mcp only from an origin of --cors-origin.
        if (const auto origin = call->request()[http::field::origin]; !origin.empty()) {
          Response probe;
          router.add_cors(origin, probe);
          if (probe[http::field::access_control_allow_origin].empty()) {
            return call->respond(
                error_response(http::status::forbidden,
                               "forbidden",
                               "MCP requests are allowed only from the --cors-origin list"));
          }
        }
        const std::string session(call->request()["Mcp-Session-Id"]);
        if (!session.empty() && !gateway->sessions.known(session)) {
          return call->respond(error_response(
              http::status::not_found, "not_found", "unknown MCP session: initialize again"));
        }
        // The server answers through the channel, perhaps later from a long
        // call's thread; the Responder is safe to use from there.
        gateway->get(call->server())
            .handle(call->request().body(), std::make_shared<HttpChannel>(call, *gateway), session);
      });
}

}  // namespace lf::lfd
