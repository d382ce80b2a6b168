#include "http_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include "http_session_impl.hpp"
#include "router.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
using boost::beast::error_code;

namespace {

/// The Responder of one request: forwards to its session once, tagged with
/// the exchange it answers so that a late answer to an older request is
/// dropped.
class SessionExchange final : public Responder {
 public:
  SessionExchange(std::shared_ptr<HttpSession> session, std::uint64_t id)
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

  bool upgrade(UpgradeHandler handler) override {
    return !answered_.exchange(true) && session_->upgrade(id_, std::move(handler));
  }

 private:
  std::shared_ptr<HttpSession> session_;
  std::uint64_t id_;
  std::atomic<bool> answered_{false};
};

std::string remote_name(const asio::ip::tcp::socket& socket) {
  error_code ec;
  const auto endpoint = socket.remote_endpoint(ec);
  return ec ? std::string("unknown") : endpoint.address().to_string();
}

void start(HttpSession::Protocol::socket socket,
           std::string remote,
           const SessionEnv& env,
           SessionRegistry& registry) {
  auto session = std::make_shared<HttpSession>(std::move(socket), std::move(remote), env, registry);
  registry.add(session);
  session->start();
}

}  // namespace

HttpSession::HttpSession(Protocol::socket socket,
                         std::string remote,
                         const SessionEnv& env,
                         SessionRegistry& registry)
    : stream_(std::move(socket)), env_(env), registry_(registry), remote_(std::move(remote)) {}

HttpSession::~HttpSession() {
  registry_.remove(this);
}

void HttpSession::start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
}

void HttpSession::request_stop() {
  stop_requested_ = true;
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ == Phase::reading) {
      // Idle or mid-read: nothing was accepted from this client yet.
      self->stream_.cancel();
    }
  });
}

// A complete request has been read: it leaves the reading side here.
void HttpSession::handle() {
  Request request = parser_->release();
  remember(request);
  keep_alive_ = request.keep_alive();
  phase_ = Phase::handling;
  stream_.expires_never();
  dispatch_to_router(std::move(request));
}

// The one place a parsed request is handed on. A protocol upgrade (WebSocket)
// takes the request and the stream here, before the router sees it.
void HttpSession::dispatch_to_router(Request request) {
  auto exchange = std::make_shared<SessionExchange>(shared_from_this(), ++exchange_);
  env_.router.dispatch(std::move(request), env_.context, exchange);
}

// The hand-off of a WebSocket upgrade: the socket leaves this session, which
// ends without writing anything; the new session answers the handshake.
bool HttpSession::upgrade(std::uint64_t exchange, UpgradeHandler handler) {
  if (closing()) {
    return false;
  }
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), exchange, handler = std::move(handler)] {
               if (exchange != self->exchange_ || self->phase_ != Phase::handling) {
                 return;
               }
               self->status_ = 101;
               self->log_request();
               self->registry_.remove(self.get());
               self->phase_ = Phase::closed;
               handler(self->stream_.release_socket(), self->registry_);
             });
  return true;
}

void HttpSession::close() {
  if (phase_ == Phase::closed) {
    return;
  }
  // A closed session no longer holds up a shutdown, even while a handler
  // (an execution's first event, say) still holds the object.
  registry_.remove(this);
  phase_ = Phase::closed;
  client_gone_ = true;
  error_code ec;
  stream_.socket().shutdown(asio::socket_base::shutdown_send, ec);
  stream_.close();
}

void start_session(asio::ip::tcp::socket socket, const SessionEnv& env, SessionRegistry& registry) {
  // An event stream writes small chunks; none may wait for the last one's ACK.
  error_code ec;
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  auto remote = remote_name(socket);
  start(HttpSession::Protocol::socket(std::move(socket)), std::move(remote), env, registry);
}

void start_session(asio::local::stream_protocol::socket socket,
                   const SessionEnv& env,
                   SessionRegistry& registry) {
  start(HttpSession::Protocol::socket(std::move(socket)), "unix", env, registry);
}

}  // namespace lf::lfd
