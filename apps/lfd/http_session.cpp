#include "http_session.hpp"

#include <atomic>
#include <deque>
#include <optional>
#include <string>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include "router.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
namespace beast = boost::beast;
using beast::error_code;

void SessionRegistry::add(const std::shared_ptr<Session>& session) {
  const std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), session);
}

void SessionRegistry::remove(Session* session) {
  const std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

void SessionRegistry::stop_all() {
  std::vector<std::shared_ptr<Session>> live;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock()) {
        live.push_back(std::move(session));
      }
    }
  }
  for (const auto& session : live) {
    session->request_stop();
  }
}

std::size_t SessionRegistry::size() const {
  const std::lock_guard lock(mutex_);
  return sessions_.size();
}

namespace {

std::string remote_name(const asio::ip::tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

std::string remote_name(const asio::local::stream_protocol::socket&) {
  return "unix";
}

template <class Protocol>
class HttpSession final : public Session,
                          public std::enable_shared_from_this<HttpSession<Protocol>> {
  using Stream = beast::basic_stream<Protocol, asio::any_io_executor>;
  using Clock = std::chrono::steady_clock;

 public:
  HttpSession(typename Protocol::socket socket, const SessionEnv& env, SessionRegistry& registry)
      : stream_(std::move(socket)),
        env_(env),
        registry_(registry),
        remote_(remote_name(stream_.socket())) {}

  ~HttpSession() override { registry_.remove(this); }

  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start() {
    asio::dispatch(stream_.get_executor(),
                   [self = this->shared_from_this()] { self->wait_for_request(); });
  }

  void request_stop() override {
    stop_requested_ = true;
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->phase_ == Phase::reading) {
        // Idle or mid-read: nothing was accepted from this client yet.
        self->stream_.cancel();
      }
    });
  }

  bool stopping() const { return stop_requested_ || env_.context.stopping; }

  // --- Called by the exchange's Responder (any thread) -------------------

  void respond(std::uint64_t exchange, Response response) {
    asio::post(
        stream_.get_executor(),
        [self = this->shared_from_this(), exchange, response = std::move(response)]() mutable {
          if (exchange == self->exchange_ && self->phase_ == Phase::handling) {
            self->write_response(std::move(response));
          }
        });
  }

  void open_stream(std::uint64_t exchange, Response head) {
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this(), exchange, head = std::move(head)]() mutable {
                 if (exchange == self->exchange_ && self->phase_ == Phase::handling) {
                   self->write_stream_head(std::move(head));
                 }
               });
  }

  bool write_chunk(std::uint64_t exchange, std::string data) {
    if (client_gone_) {
      return false;
    }
    if (queued_ >= env_.limits.max_queued_chunks) {
      // A client this far behind is dropped; it reconnects with Last-Event-ID.
      asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
        if (self->phase_ == Phase::streaming) {
          self->drop_stream();
        }
      });
      return false;
    }
    ++queued_;
    asio::post(stream_.get_executor(),
               [self = this->shared_from_this(), exchange, data = std::move(data)]() mutable {
                 if (exchange == self->exchange_ && self->phase_ == Phase::streaming) {
                   self->chunks_.push_back(std::move(data));
                   self->flush_chunks();
                 } else {
                   --self->queued_;
                 }
               });
    return true;
  }

  void close_stream(std::uint64_t exchange) {
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), exchange] {
      if (exchange == self->exchange_ && self->phase_ == Phase::streaming) {
        self->stream_closing_ = true;
        self->flush_chunks();
      }
    });
  }

  bool closing() const { return client_gone_ || stopping(); }

 private:
  enum class Phase { reading, handling, writing, streaming, closed };

  class Exchange final : public Responder {
   public:
    Exchange(std::shared_ptr<HttpSession> session, std::uint64_t id)
        : session_(std::move(session)), id_(id) {}

    void respond(Response response) override {
      if (!answered_.exchange(true)) {
        session_->respond(id_, std::move(response));
      }
    }

    void open_stream(Response head) override {
      if (!answered_.exchange(true)) {
        session_->open_stream(id_, std::move(head));
      }
    }

    bool write_chunk(std::string data) override {
      return session_->write_chunk(id_, std::move(data));
    }

    void close_stream() override { session_->close_stream(id_); }

    bool closing() const override { return session_->closing(); }

   private:
    std::shared_ptr<HttpSession> session_;
    std::uint64_t id_;
    std::atomic<bool> answered_{false};
  };

  // Waits for the first byte of the next request under the idle timeout; a
  // client that opens connections and sends nothing is dropped.
  void wait_for_request() {
    phase_ = Phase::reading;
    if (stopping()) {
      return close();
    }
    if (buffer_.size() > 0) {
      return read_header();
    }
    stream_.expires_after(env_.limits.idle_timeout);
    stream_.async_read_some(buffer_.prepare(2048),
                            [self = this->shared_from_this()](error_code ec, std::size_t n) {
                              if (ec) {
                                return self->close();
                              }
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  // The whole header, then the body, each under the read timeout: a client
  // that trickles bytes (slowloris) is dropped when it passes.
  void read_header() {
    parser_.emplace();
    parser_->body_limit(env_.limits.body_limit);
    parser_->header_limit(env_.limits.header_limit);
    started_ = Clock::now();
    stream_.expires_after(env_.limits.read_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
          self->on_header(ec);
        });
  }

  void on_header(error_code ec) {
    if (ec) {
      return refuse_or_close(ec);
    }
    const auto& head = parser_->get();
    if (!parser_->is_done() && beast::iequals(head[http::field::expect], "100-continue")) {
      // The client waits for this before sending a large body.
      stream_.async_write_some(asio::buffer(kContinue),
                               [self = this->shared_from_this()](error_code write_ec, std::size_t) {
                                 if (write_ec) {
                                   return self->close();
                                 }
                                 self->read_body();
                               });
      return;
    }
    read_body();
  }

  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

  void read_body() {
    http::async_read(
        stream_, buffer_, *parser_, [self = this->shared_from_this()](error_code ec, std::size_t) {
          if (ec) {
            return self->refuse_or_close(ec);
          }
          self->handle();
        });
  }

  // Limits broken by a readable request are answered; anything else closes.
  void refuse_or_close(error_code ec) {
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

  template <class Head>
  void remember(const Head& head) {
    method_ = std::string(head.method_string());
    target_ = std::string(head.target());
    forwarded_for_ = std::string(head["X-Forwarded-For"]);
    origin_ = std::string(head[http::field::origin]);
    head_request_ = head.method() == http::verb::head;
    version_ = head.version();
  }

  void handle() {
    Request request = parser_->release();
    remember(request);
    keep_alive_ = request.keep_alive();
    phase_ = Phase::handling;
    stream_.expires_never();
    auto exchange = std::make_shared<Exchange>(this->shared_from_this(), ++exchange_);
    env_.router.dispatch(std::move(request), env_.context, exchange);
  }

  void finish_headers(http::header<false>& head) {
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

  void write_response(Response response) {
    phase_ = Phase::writing;
    finish_headers(response.base());
    response.prepare_payload();
    status_ = response.result_int();
    bytes_ = head_request_ ? 0 : response.body().size();
    if (head_request_) {
      // HEAD: the GET's headers, Content-Length included, and no body.
      head_response_.emplace(std::move(response.base()));
      stream_.expires_after(env_.limits.write_timeout);
      http::async_write(
          stream_, *head_response_, [self = this->shared_from_this()](error_code ec, std::size_t) {
            self->after_write(ec);
          });
      return;
    }
    response_ = std::move(response);
    stream_.expires_after(env_.limits.write_timeout);
    http::async_write(
        stream_, response_, [self = this->shared_from_this()](error_code ec, std::size_t) {
          self->after_write(ec);
        });
  }

  void after_write(error_code ec) {
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

  void write_stream_head(Response head) {
    phase_ = Phase::streaming;
    finish_headers(head.base());
    status_ = head.result_int();
    bytes_ = 0;
    stream_head_.emplace(std::move(head.base()));
    stream_head_->chunked(true);
    serializer_.emplace(*stream_head_);
    writing_ = true;
    stream_.expires_after(env_.limits.write_timeout);
    http::async_write_header(
        stream_, *serializer_, [self = this->shared_from_this()](error_code ec, std::size_t) {
          self->writing_ = false;
          if (ec) {
            return self->drop_stream();
          }
          // A quiet stream must not time out its next write.
          self->stream_.expires_never();
          self->flush_chunks();
        });
  }

  // Writes queued chunks one at a time, then the last chunk once the handler
  // closed the stream.
  void flush_chunks() {
    if (writing_ || phase_ != Phase::streaming) {
      return;
    }
    if (!chunks_.empty()) {
      writing_ = true;
      stream_.expires_after(env_.limits.write_timeout);
      asio::async_write(stream_,
                        http::make_chunk(asio::buffer(chunks_.front())),
                        [self = this->shared_from_this()](error_code ec, std::size_t) {
                          self->writing_ = false;
                          self->bytes_ += self->chunks_.front().size();
                          self->chunks_.pop_front();
                          --self->queued_;
                          if (ec) {
                            return self->drop_stream();
                          }
                          self->stream_.expires_never();
                          self->flush_chunks();
                        });
      return;
    }
    if (stream_closing_) {
      writing_ = true;
      stream_.expires_after(env_.limits.write_timeout);
      asio::async_write(stream_,
                        http::make_chunk_last(),
                        [self = this->shared_from_this()](error_code ec, std::size_t) {
                          self->writing_ = false;
                          self->end_stream_state();
                          self->after_write(ec);
                        });
    }
  }

  void end_stream_state() {
    stream_closing_ = false;
    serializer_.reset();
    stream_head_.reset();
  }

  void drop_stream() {
    client_gone_ = true;
    end_stream_state();
    log_request();
    close();
  }

  void log_request() {
    env_.log.request(
        AccessRecord{remote_,
                     forwarded_for_,
                     method_,
                     target_,
                     status_,
                     bytes_,
                     std::chrono::duration<double, std::milli>(Clock::now() - started_).count()});
  }

  // After refusing a request whose body is still coming (413), reads and
  // drops what the client sends for a moment before closing: closing with
  // unread data would reset the connection and the client could lose the
  // answer (nginx's lingering close).
  void linger_then_close() {
    registry_.remove(this);
    phase_ = Phase::closed;
    client_gone_ = true;
    error_code ec;
    stream_.socket().shutdown(Protocol::socket::shutdown_send, ec);
    discard_ = std::make_unique<char[]>(kDiscardSize);
    stream_.expires_after(kLingerTime);
    drain(0);
  }

  void drain(std::size_t drained) {
    stream_.async_read_some(
        asio::buffer(discard_.get(), kDiscardSize),
        [self = this->shared_from_this(), drained](error_code ec, std::size_t n) {
          if (ec || drained + n > kMaxDrained) {
            self->stream_.close();
            return;
          }
          self->drain(drained + n);
        });
  }

  static constexpr std::size_t kDiscardSize = 64 * 1024;
  static constexpr std::size_t kMaxDrained = 256 * 1024 * 1024;
  static constexpr std::chrono::seconds kLingerTime{5};

  void close() {
    if (phase_ == Phase::closed) {
      return;
    }
    // A closed session no longer holds up a shutdown, even while a handler
    // (an execution's first event, say) still holds the object.
    registry_.remove(this);
    phase_ = Phase::closed;
    client_gone_ = true;
    error_code ec;
    stream_.socket().shutdown(Protocol::socket::shutdown_send, ec);
    stream_.close();
  }

  Stream stream_;
  const SessionEnv& env_;
  SessionRegistry& registry_;
  std::string remote_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response response_;
  std::optional<http::response<http::empty_body>> head_response_;
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::deque<std::string> chunks_;
  std::atomic<std::size_t> queued_{0};
  std::unique_ptr<char[]> discard_;  // only while lingering
  bool linger_ = false;
  bool writing_ = false;
  bool stream_closing_ = false;
  Phase phase_ = Phase::reading;
  std::uint64_t exchange_ = 0;  // bumped per request; stale answers are dropped
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> client_gone_{false};
  bool keep_alive_ = true;
  bool head_request_ = false;
  unsigned version_ = 11;
  std::string method_;
  std::string target_;
  std::string forwarded_for_;
  std::string origin_;
  unsigned status_ = 0;
  std::uint64_t bytes_ = 0;
  Clock::time_point started_ = Clock::now();
};

template <class Socket>
void start(Socket socket, const SessionEnv& env, SessionRegistry& registry) {
  using Protocol = typename Socket::protocol_type;
  auto session = std::make_shared<HttpSession<Protocol>>(std::move(socket), env, registry);
  registry.add(session);
  session->start();
}

}  // namespace

void start_session(asio::ip::tcp::socket socket, const SessionEnv& env, SessionRegistry& registry) {
  // An event stream writes small chunks; none may wait for the last one's ACK.
  error_code ec;
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  start(std::move(socket), env, registry);
}

void start_session(asio::local::stream_protocol::socket socket,
                   const SessionEnv& env,
                   SessionRegistry& registry) {
  start(std::move(socket), env, registry);
}

}  // namespace lf::lfd
