#include "http_client.hpp"

#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace lf::ctxfs {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxReplyBytes = 64U * 1024U * 1024U;

// One exchange's state; its handlers run on the caller's thread inside
// io_context::run and never throw (errors arrive as error_code).
struct Exchange {
  asio::io_context ioc;
  tcp::resolver resolver{ioc};
  beast::tcp_stream stream{ioc};
  http::request<http::string_body> request;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::milliseconds connect_timeout{};
  beast::error_code error;
  std::string stage = "connect";

  void start(const HttpUrl& url) {
    resolver.async_resolve(url.host, url.port, [this](beast::error_code ec, auto results) {
      if (ec) {
        error = ec;
        stage = "resolve";
        return;
      }
      stream.expires_after(connect_timeout);
      stream.async_connect(
          results, [this](beast::error_code cec, const tcp::endpoint&) { on_connect(cec); });
    });
  }

  void on_connect(beast::error_code ec) {
    if (ec) {
      error = ec;
      return;
    }
    stage = "request";
    stream.expires_at(deadline);
    http::async_write(stream, request, [this](beast::error_code wec, std::size_t) {
      if (wec) {
        error = wec;
        return;
      }
      stage = "response";
      stream.expires_at(deadline);
      http::async_read(
          stream, buffer, parser, [this](beast::error_code rec, std::size_t) { error = rec; });
    });
  }
};

}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return fail(Code::invalid_argument,
                "unsupported url (only http:// is supported): " + std::string(url));
  }
  std::string_view rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  HttpUrl parsed;
  parsed.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    parsed.host = std::string(authority.substr(0, colon));
    parsed.port = std::string(authority.substr(colon + 1));
  } else {
    parsed.host = std::string(authority);
    parsed.port = "80";
  }
  if (parsed.host.empty() || parsed.port.empty()) {
    return fail(Code::invalid_argument, "malformed url: " + std::string(url));
  }
  return parsed;
}

Result<HttpReply> http_post(const HttpUrl& url,
                            std::string_view bearer,
                            std::string body,
                            std::chrono::milliseconds connect_timeout,
                            std::chrono::milliseconds total_timeout) {
  try {
    auto exchange = std::make_unique<Exchange>();
    exchange->connect_timeout = std::min(connect_timeout, total_timeout);
    exchange->deadline = std::chrono::steady_clock::now() + total_timeout;
    auto& req = exchange->request;
    req.method(http::verb::post);
    req.target(url.target);
    req.version(11);
    req.set(http::field::host, url.host + ":" + url.port);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept, "application/json");
    req.set(http::field::connection, "close");
    if (!bearer.empty()) {
      req.set(http::field::authorization, "Bearer " + std::string(bearer));
    }
    req.body() = std::move(body);
    req.prepare_payload();
    exchange->parser.body_limit(kMaxReplyBytes);
    exchange->start(url);
    exchange->ioc.run();
    if (exchange->error) {
      const bool timed_out = exchange->error == beast::error::timeout;
      const std::string what = exchange->stage + " to " + url.host + ":" + url.port + ": "
                               + (timed_out ? std::string("timed out") : exchange->error.message());
      return fail(timed_out ? Code::timeout : Code::unavailable, what);
    }
    HttpReply reply;
    reply.status = exchange->parser.get().result_int();
    reply.body = std::move(exchange->parser.get().body());
    return reply;
  } catch (const std::exception& e) {
    // Allocation or Asio setup failures: reported, never propagated.
    return fail(Code::internal, std::string("http client: ") + e.what());
  }
}

}  // namespace lf::ctxfs
