#pragma once

// The session behind http_session.hpp, private to lfd. One class, its member
// functions defined by concept across files:
//   http_session.cpp         lifecycle: start, stop, close, the hand-off of a
//                            parsed request to the router
//   http_session_read.cpp    reading a request: idle and read timeouts, header
//                            and body limits, 100-continue, refusals
//   http_session_write.cpp   writing a whole response: headers every answer
//                            carries, HEAD, keep-alive, lingering close, the
//                            access log
//   http_session_stream.cpp  a chunked stream (Server-Sent Events): queueing,
//                            flushing, dropping a client that falls behind
// TCP and Unix-socket connections share the class through Asio's generic
// stream protocol, so nothing here is a template.
// Thread-safety: members are touched only on the socket's strand, except the
// atomics and the public entry points, which post onto it.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>

#include "http_session.hpp"

namespace lf::lfd {

class HttpSession final : public Session, public std::enable_shared_from_this<HttpSession> {
 public:
  using Protocol = boost::asio::generic::stream_protocol;
  using Stream = boost::beast::basic_stream<Protocol, boost::asio::any_io_executor>;
  using Clock = std::chrono::steady_clock;

  /// `remote` names the peer in the access log ("unix" for a Unix socket).
  HttpSession(Protocol::socket socket,
              std::string remote,
              const SessionEnv& env,
              SessionRegistry& registry);
  ~HttpSession() override;

  HttpSession(const HttpSession&) = delete;
  HttpSession& operator=(const HttpSession&) = delete;

  void start();
  void request_stop() override;

  // --- Called by the exchange's Responder (any thread) -------------------

  void respond(std::uint64_t exchange, Response response);
  void open_stream(std::uint64_t exchange, Response head);
  bool write_chunk(std::uint64_t exchange, std::string data);
  void close_stream(std::uint64_t exchange);
  bool upgrade(std::uint64_t exchange, UpgradeHandler handler);

  bool closing() const { return client_gone_ || stopping(); }

 private:
  enum class Phase { reading, handling, writing, streaming, closed };

  bool stopping() const { return stop_requested_ || env_.context.stopping; }

  // http_session.cpp
  void handle();
  void dispatch_to_router(Request request);
  void close();

  // http_session_read.cpp
  void wait_for_request();
  void read_header();
  bool parse_buffered();
  void on_header(boost::beast::error_code ec);
  void read_body();
  void refuse_or_close(boost::beast::error_code ec);
  void remember(const http::request_header<>& head);

  // http_session_write.cpp
  void finish_headers(http::header<false>& head);
  void write_response(Response response);
  void after_write(boost::beast::error_code ec);
  void log_request();
  void linger_then_close();
  void drain(std::size_t drained);

  // http_session_stream.cpp
  void write_stream_head(Response head);
  void flush_chunks();
  void end_stream_state();
  void drop_stream();

  Stream stream_;
  const SessionEnv& env_;
  SessionRegistry& registry_;
  std::string remote_;

  // Reading
  boost::beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;

  // Writing
  Response response_;
  std::optional<http::response<http::empty_body>> head_response_;
  std::unique_ptr<char[]> discard_;  // only while lingering
  bool linger_ = false;

  // Streaming
  std::optional<http::response<http::empty_body>> stream_head_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::deque<std::string> chunks_;
  std::atomic<std::size_t> queued_{0};
  bool writing_ = false;
  bool stream_closing_ = false;

  // The exchange in progress
  Phase phase_ = Phase::reading;
  std::uint64_t exchange_ = 0;  // bumped per request; stale answers are dropped
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> client_gone_{false};
  bool keep_alive_ = true;
  bool head_request_ = false;
  unsigned version_ = 11;

  // For the access log
  std::string method_;
  std::string target_;
  std::string forwarded_for_;
  std::string origin_;
  unsigned status_ = 0;
  std::uint64_t bytes_ = 0;
  Clock::time_point started_ = Clock::now();
};

}  // namespace lf::lfd
