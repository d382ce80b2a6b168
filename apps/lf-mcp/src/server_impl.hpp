#pragma once

// The inside of lf::mcp::Server: the method handlers (methods.cpp), tools/call
// (tool_calls.cpp) and what they share. Every handler answers through a
// Completion exactly once, at once or (a long tool call) later from the
// call's thread. Thread-safety: as Server.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <lightflow/core/service.hpp>

#include "call_registry.hpp"
#include "jsonrpc.hpp"
#include "tool_table.hpp"
#include <lf_mcp/server.hpp>

namespace lf::mcp {

/// The response to one request (std::nullopt: none, the call was cancelled)
/// and whether it opened a legacy session.
struct Answer {
  std::optional<boost::json::object> response;
  bool opened_session = false;
};

using Completion = std::function<void(Answer)>;

/// Whether a result may be cached by a client of the 2026-07-28 revision.
enum class Cacheable { no, yes_public, yes_private };

struct Server::Impl {
  Impl(core::Service& service_in, Options options_in);

  /// Answers one request through `done`.
  void dispatch(Request request,
                const std::shared_ptr<Channel>& channel,
                const std::string& scope,
                Completion done);

  /// Handles one notification (no answer).
  void notice(const Request& notification, const std::string& scope);

  // The methods other than tools/call (methods.cpp): each makes the response
  // to `request`.
  boost::json::object initialize(const Request& request) const;
  boost::json::object discover(const Request& request) const;
  boost::json::object empty(const Request& request) const;   ///< ping, logging/setLevel
  boost::json::object list(const Request& request) const;    ///< the four lists
  boost::json::object read(const Request& request) const;    ///< resources/read
  boost::json::object prompt(const Request& request) const;  ///< prompts/get

  /// tools/call (tool_calls.cpp).
  void call_tool(Request request,
                 const std::shared_ptr<Channel>& channel,
                 const std::string& scope,
                 Completion done);

  /// The success response for `request`: `result` plus, for a request of the
  /// 2026-07-28 era, resultType, the server info and cache hints.
  boost::json::object respond(const Request& request,
                              boost::json::object result,
                              Cacheable cacheable = Cacheable::no) const;

  /// The error response for `request`.
  static boost::json::object refuse(const Request& request, RpcError error);

  /// An lf::Error met outside a tool (resources, prompts) as a JSON-RPC error:
  /// a missing resource is -32002 (handshake era) or -32602 (2026-07-28).
  static RpcError protocol_error(const Request& request, const Error& error);

  core::Service& service;
  Options options;
  ToolTable tools;
  boost::json::array tool_listing;
  boost::json::object server_info;  ///< {name, version}
  CallRegistry calls;
};

}  // namespace lf::mcp
