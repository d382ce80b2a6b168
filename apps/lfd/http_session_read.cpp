// Reading a request: the idle timeout before its first byte, the read timeout
// for the rest, header and body limits, 100-continue, and the answers to
// requests that break a limit.

#include <boost/asio/error.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include "http_session_impl.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
namespace beast = boost::beast;
using beast::error_code;

namespace {
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
}  // namespace

// Waits for the first byte of the next request under the idle timeout; a
// client that opens connections and sends nothing is dropped.
void HttpSession::wait_for_request() {
  phase_ = Phase::reading;
  if (stopping()) {
    return close();
  }
  if (buffer_.size() > 0) {
    return read_header();
  }
  stream_.expires_after(env_.limits.idle_timeout);
  stream_.async_read_some(buffer_.prepare(2048),
                          [self = shared_from_this()](error_code ec, std::size_t n) {
                            if (ec) {
                              return self->close();
                            }
                            self->buffer_.commit(n);
                            self->read_header();
                          });
}

// The whole header, then the body, each under the read timeout: a client
// that trickles bytes (slowloris) is dropped when it passes.
void HttpSession::read_header() {
  parser_.emplace();
  parser_->body_limit(env_.limits.body_limit);
  parser_->header_limit(env_.limits.header_limit);
  started_ = Clock::now();
  if (parse_buffered()) {
    return;
  }
  stream_.expires_after(env_.limits.read_timeout);
  http::async_read_header(
      stream_, buffer_, *parser_, [self = shared_from_this()](error_code ec, std::size_t) {
        self->on_header(ec);
      });
}

// A small request usually arrives whole in one read: parsing what is already
// buffered answers it without another round through the executor (Beast's
// read operations would post their completion). The parser enforces the
// header and body limits as it does under async_read. Returns true when this
// request needs no further reading (handled or refused).
bool HttpSession::parse_buffered() {
  while (buffer_.size() > 0 && !parser_->is_done()) {
    error_code ec;
    const std::size_t used = parser_->put(buffer_.data(), ec);
    buffer_.consume(used);
    if (ec == http::error::need_more) {
      return false;
    }
    if (ec) {
      refuse_or_close(ec);
      return true;
    }
    if (parser_->is_header_done() && !parser_->is_done()) {
      // A body is coming: the usual path answers 100-continue and reads it.
      return false;
    }
  }
  if (!parser_->is_done()) {
    return false;
  }
  handle();
  return true;
}

void HttpSession::on_header(error_code ec) {
  if (ec) {
    return refuse_or_close(ec);
  }
  const auto& head = parser_->get();
  if (!parser_->is_done() && beast::iequals(head[http::field::expect], "100-continue")) {
    // The client waits for this before sending a large body.
    stream_.async_write_some(asio::buffer(kContinue),
                             [self = shared_from_this()](error_code write_ec, std::size_t) {
                               if (write_ec) {
                                 return self->close();
                               }
                               self->read_body();
                             });
    return;
  }
  if (parser_->is_done()) {
    return handle();  // no body: nothing more to read
  }
  read_body();
}

void HttpSession::read_body() {
  http::async_read(
      stream_, buffer_, *parser_, [self = shared_from_this()](error_code ec, std::size_t) {
        if (ec) {
          return self->refuse_or_close(ec);
        }
        self->handle();
      });
}

// Limits broken by a readable request are answered; anything else closes.
void HttpSession::refuse_or_close(error_code ec) {
  keep_alive_ = false;
  linger_ = true;
  if (ec == http::error::body_limit) {
    remember(parser_->get());
    return write_response(error_response(
        http::status::payload_too_large,
        "payload_too_large",
        "the request body is larger than " + std::to_string(env_.limits.body_limit) + " bytes"));
  }
  if (ec == http::error::header_limit) {
    method_ = "-";
    target_ = "-";
    return write_response(error_response(http::status::request_header_fields_too_large,
                                         "header_too_large",
                                         "the request header is too large"));
  }
  if (ec != http::error::end_of_stream && ec != asio::error::operation_aborted
      && ec != beast::error::timeout && ec != asio::error::eof
      && ec != asio::error::connection_reset && parser_->got_some()) {
    method_ = "-";
    target_ = "-";
    return write_response(
        error_response(http::status::bad_request, "invalid_argument", "malformed HTTP request"));
  }
  close();
}

void HttpSession::remember(const http::request_header<>& head) {
  if (env_.log.enabled()) {
    method_.assign(head.method_string());
    target_.assign(head.target());
    forwarded_for_.assign(head["X-Forwarded-For"]);
  }
  origin_.assign(head[http::field::origin]);
  head_request_ = head.method() == http::verb::head;
  version_ = head.version();
}

}  // namespace lf::lfd
