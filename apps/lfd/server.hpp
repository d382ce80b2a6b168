#pragma once

// lfd's server: the listeners, the I/O threads, the worker pool the handlers
// run on, the in-process executions, and graceful shutdown. SIGTERM or SIGINT
// stops accepting, lets every in-flight exchange finish (long calls are told
// to answer now), and returns once every connection is gone or the shutdown
// deadline passes. Thread-safety: construct, listen() and run() from one thread.

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/service.hpp>

#include "access_log.hpp"
#include "executions.hpp"
#include "http_session.hpp"
#include "io_contexts.hpp"
#include "listener.hpp"
#include "router.hpp"

namespace lf::lfd {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 5174;
  bool tcp = true;
  std::optional<std::string> unix_socket;  ///< a path
  AccessPolicy access;
  SessionLimits limits;
  unsigned io_threads = 0;    ///< 0: one per core
  unsigned work_threads = 0;  ///< 0: one per core, at least 2
  std::size_t max_executions = 16;
  std::chrono::milliseconds shutdown_timeout{10000};
  bool access_log = true;
  /// A web UI's files, served for non-API GET paths (static_files.hpp).
  std::optional<std::string> static_dir;  ///< its real path
};

class Server {
 public:
  Server(ServerOptions options, core::Service& service);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds the sockets systemd passed, else TCP and the Unix socket as
  /// configured. Errors: those of listen_tcp and listen_unix.
  Result<void> listen();

  /// Serves until a stop signal; returns once the server has stopped.
  void run();

  /// Runs still executing in this process when run() returned.
  std::size_t active_executions() const { return executions_.active(); }

  AccessLog& log() { return log_; }

 private:
  void resume_owned_runs();
  void begin_shutdown();
  void wait_for_sessions(std::chrono::steady_clock::time_point deadline);

  ServerOptions options_;
  AccessLog log_;
  SessionRegistry registry_;
  Executions executions_;
  Router router_;
  std::atomic<bool> stopping_{false};
  // Declared first, destroyed last: io_'s pending accept owns a socket bound
  // to one of these contexts, and destroying io_ destroys that socket.
  IoContexts connections_;      // the connections
  boost::asio::io_context io_;  // listeners, signals, the shutdown timer
  boost::asio::thread_pool work_;
  ServerContext context_;
  SessionEnv env_;
  std::vector<std::shared_ptr<Listener>> listeners_;
  std::unique_ptr<boost::asio::steady_timer> shutdown_timer_;
};

/// Adds every route lfd serves to `router` (routes_*.cpp).
void add_routes(Router& router);

}  // namespace lf::lfd
