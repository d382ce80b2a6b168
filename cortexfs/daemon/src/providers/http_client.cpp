#include "providers/http_client.hpp"

#include <cstdlib>
#include <memory>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

namespace lf::ctxfs {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxReplyBytes = 64U * 1024U * 1024U;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The calling thread's io_context, reused from call to call: a new one costs
// an epoll instance, an eventfd and a timerfd (about ten system calls per
// request). `discard` drops it, for a call cut short with work still queued.
asio::io_context& thread_context(bool discard = false) {
  thread_local std::unique_ptr<asio::io_context> context;
  if (discard) {
    context.reset();
  }
  if (!context) {
    context = std::make_unique<asio::io_context>(1);  // one thread runs it
  }
  return *context;
}

// One exchange's state; its handlers run on the caller's thread inside
// io_context::run and never throw (errors arrive as error_code).
struct Exchange {
  explicit Exchange(asio::io_context& context) : ioc(context) {}

  asio::io_context& ioc;
  tcp::resolver resolver{ioc};
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<TlsStream> tls;
  http::request<http::string_body> request;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  std::chrono::steady_clock::time_point deadline;
  std::chrono::milliseconds connect_timeout{};
  beast::error_code error;
  std::string stage = "connect";

  beast::tcp_stream& tcp_layer() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  // Throws (caught by http_post) when the TLS context cannot be set up.
  void prepare(const HttpUrl& url) {
    if (!url.tls) {
      plain = std::make_unique<beast::tcp_stream>(ioc);
      return;
    }
    // One context per worker thread: loading the CA store is the expensive
    // part of TLS setup and the trusted set never changes while mounted.
    thread_local std::unique_ptr<ssl::context> context;
    if (!context) {
      auto fresh = std::make_unique<ssl::context>(ssl::context::tls_client);
      fresh->set_default_verify_paths();
      if (const char* ca = std::getenv("CORTEXFS_CA_FILE"); ca != nullptr && *ca != '\0') {
        fresh->load_verify_file(ca);
      }
      fresh->set_verify_mode(ssl::verify_peer);
      context = std::move(fresh);
    }
    tls = std::make_unique<TlsStream>(ioc, *context);
    tls->set_verify_callback(ssl::host_name_verification(url.host));
    // SNI: virtual-hosted providers pick their certificate by name.
    // (SSL_set_tlsext_host_name is this call behind a C-style cast.)
    SSL_ctrl(tls->native_handle(),
             SSL_CTRL_SET_TLSEXT_HOSTNAME,
             TLSEXT_NAMETYPE_host_name,
             const_cast<char*>(url.host.c_str()));
  }

  // Resolves synchronously: Asio's async resolver starts a private thread per
  // io_context, which would cost a thread per call. Workers may block, and a
  // numeric host (the usual local server) resolves without any lookup.
  void start(const HttpUrl& url) {
    const auto results =
        resolver.resolve(url.host, url.port, tcp::resolver::numeric_service, error);
    if (error) {
      stage = "resolve";
      return;
    }
    tcp_layer().expires_after(connect_timeout);
    tcp_layer().async_connect(results, [this](beast::error_code ec, const tcp::endpoint&) {
      if (ec) {
        error = ec;
        return;
      }
      tcp_layer().expires_at(deadline);
      if (!tls) {
        send(*plain);
        return;
      }
      stage = "handshake";
      tls->async_handshake(ssl::stream_base::client, [this](beast::error_code hec) {
        if (hec) {
          error = hec;
          return;
        }
        send(*tls);
      });
    });
  }

  template <typename Stream>
  void send(Stream& stream) {
    stage = "request";
    http::async_write(stream, request, [this, &stream](beast::error_code wec, std::size_t) {
      if (wec) {
        error = wec;
        return;
      }
      stage = "response";
      http::async_read(
          stream, buffer, parser, [this](beast::error_code rec, std::size_t) { error = rec; });
    });
  }
};

}  // namespace

Result<HttpUrl> parse_http_url(std::string_view url) {
  constexpr std::string_view kHttp = "http://";
  constexpr std::string_view kHttps = "https://";
  HttpUrl parsed;
  std::string_view rest;
  if (url.substr(0, kHttp.size()) == kHttp) {
    rest = url.substr(kHttp.size());
  } else if (url.substr(0, kHttps.size()) == kHttps) {
    rest = url.substr(kHttps.size());
    parsed.tls = true;
  } else {
    return fail(Code::invalid_argument,
                "unsupported url (http:// or https:// only): " + std::string(url));
  }
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  parsed.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    parsed.host = std::string(authority.substr(0, colon));
    parsed.port = std::string(authority.substr(colon + 1));
  } else {
    parsed.host = std::string(authority);
    parsed.port = parsed.tls ? "443" : "80";
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
                            std::chrono::milliseconds total_timeout,
                            CallCanceller* canceller) {
  try {
    asio::io_context& ioc = thread_context();
    ioc.restart();
    auto exchange = std::make_unique<Exchange>(ioc);
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
    exchange->prepare(url);
    exchange->start(url);
    {
      const CallCanceller::Registration registration(canceller, ioc);
      ioc.run();
    }
    // run() returns early only when the canceller stopped it; handlers still
    // queued then point into the exchange, so the context goes with it.
    if (canceller != nullptr && canceller->cancelled()) {
      exchange.reset();
      thread_context(/*discard=*/true);
      return fail(Code::cancelled, "provider call cancelled: ctxfs is stopping");
    }
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
