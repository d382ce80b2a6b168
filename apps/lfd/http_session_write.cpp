// Writing a whole response: the headers every answer carries (server, CORS,
// keep-alive), HEAD without a body, the access log line, and the lingering
// close after a refusal.

#include <boost/asio/dispatch.hpp>
#include <boost/beast/http/write.hpp>

#include "http_session_impl.hpp"
#include "router.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
using boost::beast::error_code;

namespace {
constexpr std::size_t kDiscardSize = 64 * 1024;
constexpr std::size_t kMaxDrained = 256 * 1024 * 1024;
constexpr std::chrono::seconds kLingerTime{5};
}  // namespace

// dispatch: an answer made on the connection's own strand (a route that runs
// on the I/O thread, a refusal by the router) is written at once; one made on
// a work thread is posted to the strand.
void HttpSession::respond(std::uint64_t exchange, Response response) {
  asio::dispatch(stream_.get_executor(),
                 [self = shared_from_this(), exchange, response = std::move(response)]() mutable {
                   if (exchange == self->exchange_ && self->phase_ == Phase::handling) {
                     self->write_response(std::move(response));
                   }
                 });
}

void HttpSession::finish_headers(http::header<false>& head) {
  head.version(version_ == 10 ? 10 : 11);
  head.set(http::field::server, "lfd");
  if (!origin_.empty()) {
    Response cors;
    env_.router.add_cors(origin_, cors);
    for (const auto& field : cors.base()) {
      head.set(field.name(), field.value());
    }
  }
  keep_alive_ = keep_alive_ && !stopping();
  if (!keep_alive_) {
    head.set(http::field::connection, "close");
  } else if (version_ == 10) {
    head.set(http::field::connection, "keep-alive");
  }
}

void HttpSession::write_response(Response response) {
  phase_ = Phase::writing;
  finish_headers(response.base());
  response.prepare_payload();
  status_ = response.result_int();
  bytes_ = head_request_ ? 0 : response.body().size();
  stream_.expires_after(env_.limits.write_timeout);
  if (head_request_) {
    // HEAD: the GET's headers, Content-Length included, and no body.
    head_response_.emplace(std::move(response.base()));
    http::async_write(
        stream_, *head_response_, [self = shared_from_this()](error_code ec, std::size_t) {
          self->after_write(ec);
        });
    return;
  }
  response_ = std::move(response);
  http::async_write(stream_, response_, [self = shared_from_this()](error_code ec, std::size_t) {
    self->after_write(ec);
  });
}

void HttpSession::after_write(error_code ec) {
  log_request();
  head_response_.reset();
  response_ = {};
  if (!ec && linger_) {
    return linger_then_close();
  }
  if (ec || !keep_alive_) {
    return close();
  }
  wait_for_request();
}

void HttpSession::log_request() {
  if (!env_.log.enabled()) {
    return;
  }
  env_.log.request(
      AccessRecord{remote_,
                   forwarded_for_,
                   method_,
                   target_,
                   status_,
                   bytes_,
                   std::chrono::duration<double, std::milli>(Clock::now() - started_).count()});
}

// After refusing a request whose body is still coming (413), reads and drops
// what the client sends for a moment before closing: closing with unread data
// would reset the connection and the client could lose the answer (nginx's
// lingering close).
void HttpSession::linger_then_close() {
  registry_.remove(this);
  phase_ = Phase::closed;
  client_gone_ = true;
  error_code ec;
  stream_.socket().shutdown(asio::socket_base::shutdown_send, ec);
  discard_ = std::make_unique<char[]>(kDiscardSize);
  stream_.expires_after(kLingerTime);
  drain(0);
}

void HttpSession::drain(std::size_t drained) {
  stream_.async_read_some(asio::buffer(discard_.get(), kDiscardSize),
                          [self = shared_from_this(), drained](error_code ec, std::size_t n) {
                            if (ec || drained + n > kMaxDrained) {
                              self->stream_.close();
                              return;
                            }
                            self->drain(drained + n);
                          });
}

}  // namespace lf::lfd
