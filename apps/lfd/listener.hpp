#pragma once

// Accepts connections on one listening socket — TCP, a Unix socket, or a
// socket handed over by systemd — and starts a session for each on its own
// strand. Thread-safety: start() once; stop() from any thread.

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include <lightflow/base/result.hpp>

#include "http_session.hpp"

namespace lf::lfd {

class Listener {
 public:
  virtual ~Listener() = default;

  /// Starts accepting.
  virtual void start() = 0;

  /// Stops accepting; sessions already started go on.
  virtual void stop() = 0;

  /// "127.0.0.1:5174" or "unix:/run/…/lfd.sock", for the log.
  virtual std::string address() const = 0;

  /// False for a TCP socket reachable from other machines.
  virtual bool loopback_only() const = 0;
};

/// Binds host:port (port 0 picks a free one). Errors: invalid_argument for a
/// host that is not an IP address or "localhost"; io_error when binding fails.
Result<std::shared_ptr<Listener>> listen_tcp(boost::asio::io_context& io,
                                             const std::string& host,
                                             unsigned short port,
                                             const SessionEnv& env,
                                             SessionRegistry& registry);

/// Binds a Unix socket at `path` in a directory made mode 0700 when missing;
/// the socket itself is mode 0600. An existing path is replaced only when it
/// is a socket. Errors: already_exists when it is anything else; io_error.
Result<std::shared_ptr<Listener>> listen_unix(boost::asio::io_context& io,
                                              const std::string& path,
                                              const SessionEnv& env,
                                              SessionRegistry& registry);

/// Takes over the listening sockets systemd passed (LISTEN_FDS, LISTEN_PID);
/// an empty list when there are none.
Result<std::vector<std::shared_ptr<Listener>>> listen_inherited(boost::asio::io_context& io,
                                                                const SessionEnv& env,
                                                                SessionRegistry& registry);

/// True for an address in 127.0.0.0/8, ::1, and "localhost".
bool is_loopback_host(const std::string& host);

}  // namespace lf::lfd
