#pragma once

// A small synchronous HTTP/1.1 client built on Beast, for talking to a real
// lfd: one keep-alive connection per object, plus a reader for Server-Sent
// Events that hands out one event at a time as it arrives.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/value.hpp>

namespace lfd_test {

namespace http = boost::beast::http;

struct HttpResponse {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  ///< lower-case names
  std::string body;
  bool keep_alive = false;

  /// The body as JSON; throws when it does not parse.
  boost::json::value json() const;

  /// A header's value, "" when absent.
  std::string header(const std::string& lower_name) const;
};

using Headers = std::map<std::string, std::string>;

class HttpClient {
 public:
  explicit HttpClient(unsigned short port);

  /// Sends one request on this connection and reads the answer. A JSON body
  /// gets content-type application/json unless `headers` say otherwise.
  /// Throws boost::system::system_error when the connection fails.
  HttpResponse request(http::verb method,
                       const std::string& target,
                       const std::string& body = "",
                       const Headers& headers = {});

  HttpResponse get(const std::string& target, const Headers& headers = {}) {
    return request(http::verb::get, target, "", headers);
  }

  HttpResponse post(const std::string& target,
                    const std::string& body = "",
                    const Headers& headers = {}) {
    return request(http::verb::post, target, body, headers);
  }

  /// True when the server closed the connection (read returns end of stream).
  bool closed_by_peer();

  boost::asio::ip::tcp::socket& socket() { return socket_; }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
};

/// One Server-Sent Event.
struct SseEvent {
  std::optional<std::string> id;
  std::string event;
  std::string data;
};

/// Opens GET `target` and reads its event stream event by event.
class SseStream {
 public:
  SseStream(unsigned short port, const std::string& target, const Headers& headers = {});

  /// The response status and headers.
  const http::response_parser<http::string_body>& head() const { return parser_; }

  /// The next event, or std::nullopt when the stream ended.
  std::optional<SseEvent> next();

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  std::size_t consumed_ = 0;
};

}  // namespace lfd_test
