#pragma once

// One client connection: reads a request (with an idle timeout before its
// first byte, a read timeout for the rest, and header and body limits),
// hands it to the router, writes the answer, and loops while the client keeps
// the connection alive. Each session runs on its own strand; handlers answer
// from any thread through a Responder that posts back onto it.
// Thread-safety: a session's members are touched only on its strand;
// request_stop() may be called from any thread.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include "access_log.hpp"
#include "call.hpp"

namespace lf::lfd {

class IoContexts;

class Router;

struct SessionLimits {
  std::size_t body_limit = 8 * 1024 * 1024;
  std::uint32_t header_limit = 16 * 1024;
  std::chrono::milliseconds idle_timeout{60000};  ///< waiting for a request's first byte
  std::chrono::milliseconds read_timeout{10000};  ///< the rest of the request
  std::chrono::milliseconds write_timeout{30000};
  std::size_t max_queued_chunks = 1024;  ///< a stream client this far behind is dropped
};

/// What a session needs from its server.
struct SessionEnv {
  const Router& router;
  ServerContext& context;
  const SessionLimits& limits;
  AccessLog& log;
  IoContexts& connections;  ///< where each accepted connection lives
};

class Session {
 public:
  virtual ~Session() = default;

  /// Lets the current exchange finish (its response says Connection: close),
  /// ends open streams, and closes an idle connection now.
  virtual void request_stop() = 0;
};

/// The live sessions, so that a stopping server can reach them.
class SessionRegistry {
 public:
  void add(const std::shared_ptr<Session>& session);
  void remove(Session* session);

  /// Calls request_stop() on every live session.
  void stop_all();

  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  /// Guarded by mutex_. A session removes itself in its destructor.
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;
};

/// Starts serving a freshly accepted socket. `registry` must outlive it.
void start_session(boost::asio::ip::tcp::socket socket,
                   const SessionEnv& env,
                   SessionRegistry& registry);
void start_session(boost::asio::local::stream_protocol::socket socket,
                   const SessionEnv& env,
                   SessionRegistry& registry);

}  // namespace lf::lfd
