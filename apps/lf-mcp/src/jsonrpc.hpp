#pragma once

// JSON-RPC 2.0 as MCP uses it: the error codes of both eras, the shape of a
// response, and one incoming request made easy to read (its id, method,
// params and the era it speaks). Thread-safety: plain values and pure
// functions.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace lf::mcp {

namespace rpc {
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
/// 2025-11-25 and earlier: a resource that does not exist (2026-07-28 uses
/// kInvalidParams instead).
inline constexpr int kLegacyResourceNotFound = -32002;
/// 2026-07-28: the protocol version in _meta is not one this server speaks.
inline constexpr int kUnsupportedProtocolVersion = -32022;
}  // namespace rpc

/// The _meta keys of the 2026-07-28 revision.
inline constexpr std::string_view kProtocolVersionKey = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view kServerInfoKey = "io.modelcontextprotocol/serverInfo";

/// A protocol-level failure: the JSON-RPC error object of a response.
struct RpcError {
  int code = rpc::kInternalError;
  std::string message;
  boost::json::value data;  ///< null: no data member
};

/// One incoming request (it has an id) or notification (it has none).
struct Request {
  boost::json::value id;  ///< null for a notification
  std::string method;
  boost::json::object params;
  /// The revision named in params._meta (2026-07-28 era); std::nullopt for a
  /// request of the handshake era.
  std::optional<std::string> modern_version;
  /// params._meta.progressToken, when the client wants progress.
  std::optional<boost::json::value> progress_token;

  bool modern() const noexcept { return modern_version.has_value(); }
};

/// {"jsonrpc":"2.0","id":id,"result":result}
boost::json::object result_response(const boost::json::value& id, boost::json::object result);

/// {"jsonrpc":"2.0","id":id,"error":{code,message[,data]}}
boost::json::object error_response(const boost::json::value& id, const RpcError& error);

/// Reads one element of a message into a Request. Errors (as the RpcError to
/// answer with): kInvalidRequest for a non-object, a missing or wrong
/// "jsonrpc", a missing method or an id that is neither a string nor an
/// integer; kInvalidParams for params that are not an object. `id_out` gets
/// the element's id whenever it has a usable one, for the error response.
/// A response from the client (no method, a result or error) gives
/// std::nullopt in `request` and no error.
std::optional<RpcError> read_request(const boost::json::value& element,
                                     std::optional<Request>& request,
                                     boost::json::value& id_out);

}  // namespace lf::mcp
