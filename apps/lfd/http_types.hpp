#pragma once

// The HTTP vocabulary every lfd file shares: one request type and one
// response type (Beast string bodies), plus the JSON error body
// {"error":{"code":…,"message":…}} every failure is answered with.
// Thread-safety: plain values and pure functions.

#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>

#include <lightflow/base/error.hpp>

namespace lf::lfd {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// A response with `body` as compact JSON and content-type application/json.
Response json_response(http::status status, const boost::json::value& body);

/// A response with `text` (JSON already serialized) as its body and
/// content-type application/json.
Response json_text_response(http::status status, std::string_view text);

/// {"error":{"code":code,"message":message}} with `status`. `code` is an
/// lf::Code name or one of the transport's own (unauthorized,
/// payload_too_large, unsupported_media_type, method_not_allowed,
/// header_too_large, route_not_found).
Response error_response(http::status status, std::string_view code, std::string_view message);

/// The response for a Service error: the status from lf::core's one mapping
/// table, the code's name, and the message with host paths taken out.
Response error_response(const Error& error);

/// `message` with every absolute path replaced by its last component, so that
/// a remote client never learns the server's directory layout.
std::string without_host_paths(std::string_view message);

/// without_host_paths() applied to every string in `value`, recursively.
void without_host_paths_in(boost::json::value& value);
void without_host_paths_in(boost::json::object& object);

}  // namespace lf::lfd
