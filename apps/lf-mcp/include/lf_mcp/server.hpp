#pragma once

// lf::mcp::Server: LightFlow's MCP server without a transport. It takes one
// incoming JSON-RPC message at a time (a line of stdio, the body of a POST to
// lfd's /mcp), answers it through a Channel and calls the Service for every
// tool, resource and prompt. Both eras of MCP are served: the stateless
// revision 2026-07-28 (server/discover; version and client capabilities in
// each request's _meta) and the handshake revisions up to 2025-11-25
// (initialize, ping), told apart request by request, so one Server serves
// any number of clients of either era (docs/mcp.md).
//
// Long tool calls (executing a run, waiting for one, asset checks that run the
// compiler) run on threads of their own, at most Options::max_long_calls at
// once, so the caller's reader keeps reading: a notifications/cancelled for
// such a call stops it, and its request then gets no reply.
// Thread-safety: handle() may be called from any thread, concurrently.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <lightflow/core/service.hpp>

namespace lf::mcp {

class CallRegistry;

/// What answers one incoming message.
struct Reply {
  /// The response (an array for a batch), or std::nullopt when none is due:
  /// the message held only notifications and responses, or every request in it
  /// was cancelled.
  std::optional<boost::json::value> message;
  /// The message held at least one request.
  bool had_requests = false;
  /// A legacy-era initialize succeeded: an HTTP transport gives the client a
  /// session id now.
  bool opened_session = false;
};

/// The way back to the client that sent a message. Implementations are
/// thread-safe: notify() and reply() may come from a long call's thread.
class Channel {
 public:
  virtual ~Channel() = default;

  /// A notification tied to a request of the message (progress). A transport
  /// that cannot deliver it before the reply drops it.
  virtual void notify(const boost::json::object& notification) = 0;

  /// Called exactly once per handle(), after the last notify() for it.
  virtual void reply(Reply reply) = 0;
};

struct Options {
  std::string name = "lf-mcp";
  std::string version;              ///< LightFlow's version
  std::size_t max_long_calls = 32;  ///< long calls in flight at once
  std::size_t page_size = 20;       ///< entries per page of a list
  /// Called with every execution a tool launches (lfd keeps them, to leave
  /// runs still executing at shutdown resumable). May be empty.
  std::function<void(const core::ExecutionHandle&)> on_launch;
};

class Server {
 public:
  /// `service` must outlive the Server.
  Server(core::Service& service, Options options);
  /// Stops every long call (their requests get no reply) and waits for them.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Handles one message text. `scope` names the client connection a request
  /// id belongs to (the session on HTTP, "" on stdio), so that a cancellation
  /// reaches only that client's call. Calls channel->reply() exactly once,
  /// perhaps later, from another thread.
  void handle(std::string_view text,
              const std::shared_ptr<Channel>& channel,
              const std::string& scope = {});

  /// Stops every long call now and waits for them to end (stdin reached EOF).
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The revisions this server speaks, newest first.
inline constexpr std::string_view kModernVersion = "2026-07-28";
inline constexpr std::string_view kLatestLegacyVersion = "2025-11-25";

}  // namespace lf::mcp
