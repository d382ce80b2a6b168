#include "listener.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>

#include "io_contexts.hpp"

namespace lf::lfd {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

template <class Protocol>
class AcceptLoop final : public Listener,
                         public std::enable_shared_from_this<AcceptLoop<Protocol>> {
 public:
  AcceptLoop(asio::io_context& io,
             typename Protocol::acceptor acceptor,
             std::string address,
             const SessionEnv& env,
             SessionRegistry& registry)
      : io_(io),
        acceptor_(std::move(acceptor)),
        address_(std::move(address)),
        env_(env),
        registry_(registry) {}

  void start() override { accept(); }

  void stop() override {
    asio::post(acceptor_.get_executor(), [self = this->shared_from_this()] {
      error_code ec;
      self->acceptor_.close(ec);
    });
  }

  std::string address() const override { return address_; }

  bool loopback_only() const override {
    if constexpr (std::is_same_v<Protocol, asio::ip::tcp>) {
      error_code ec;
      const auto endpoint = acceptor_.local_endpoint(ec);
      return !ec && endpoint.address().is_loopback();
    } else {
      return true;
    }
  }

 private:
  void accept() {
    acceptor_.async_accept(
        asio::make_strand(env_.connections.next()),
        [self = this->shared_from_this()](error_code ec, typename Protocol::socket socket) {
          if (ec == asio::error::operation_aborted || !self->acceptor_.is_open()) {
            return;
          }
          if (!ec) {
            start_session(std::move(socket), self->env_, self->registry_);
          }
          // Out of descriptors and the like: keep accepting.
          self->accept();
        });
  }

  asio::io_context& io_;
  typename Protocol::acceptor acceptor_;
  std::string address_;
  const SessionEnv& env_;
  SessionRegistry& registry_;
};

Error io_failure(const std::string& what, const error_code& ec) {
  return Error{Code::io_error, what + ": " + ec.message()};
}

template <class Protocol, class Endpoint>
Result<typename Protocol::acceptor> open_acceptor(asio::io_context& io,
                                                  const Endpoint& endpoint,
                                                  const std::string& name) {
  typename Protocol::acceptor acceptor(io);
  error_code ec;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return fail(io_failure("cannot listen on " + name, ec));
  }
  return acceptor;
}

// mkdir -p with mode 0700 for the directories it creates.
Result<void> make_private_dirs(const std::string& dir) {
  for (std::size_t slash = 1; slash != std::string::npos;) {
    slash = dir.find('/', slash + 1);
    const std::string prefix = dir.substr(0, slash);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return fail(errno_error(errno, prefix));
    }
  }
  return {};
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  if (host == "localhost") {
    return true;
  }
  error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

Result<std::shared_ptr<Listener>> listen_tcp(asio::io_context& io,
                                             const std::string& host,
                                             unsigned short port,
                                             const SessionEnv& env,
                                             SessionRegistry& registry) {
  error_code ec;
  const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) {
    return fail(Code::invalid_argument, "--host must be an IP address or localhost: " + host);
  }
  auto acceptor = open_acceptor<asio::ip::tcp>(
      io, asio::ip::tcp::endpoint(address, port), host + ":" + std::to_string(port));
  if (!acceptor) {
    return fail(acceptor.error());
  }
  const auto bound = acceptor->local_endpoint(ec);
  std::string name = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                             : bound.address().to_string();
  name += ":" + std::to_string(bound.port());
  return std::shared_ptr<Listener>(std::make_shared<AcceptLoop<asio::ip::tcp>>(
      io, std::move(*acceptor), std::move(name), env, registry));
}

Result<std::shared_ptr<Listener>> listen_unix(asio::io_context& io,
                                              const std::string& path,
                                              const SessionEnv& env,
                                              SessionRegistry& registry) {
  const std::size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    if (auto made = make_private_dirs(path.substr(0, slash)); !made) {
      return fail(made.error());
    }
  }

  struct stat existing {};

  if (::lstat(path.c_str(), &existing) == 0) {
    // Rationale: a stale socket from an earlier run is ours to replace; any
    // other file at that path is not, whatever it is.
    if (!S_ISSOCK(existing.st_mode)) {
      return fail(Code::already_exists, path + ": exists and is not a socket");
    }
    ::unlink(path.c_str());
  }
  // The socket is created with mode 0600 from the start, not chmod-ed later.
  const mode_t old_mask = ::umask(0177);
  auto acceptor = open_acceptor<asio::local::stream_protocol>(
      io, asio::local::stream_protocol::endpoint(path), "unix:" + path);
  ::umask(old_mask);
  if (!acceptor) {
    return fail(acceptor.error());
  }
  return std::shared_ptr<Listener>(std::make_shared<AcceptLoop<asio::local::stream_protocol>>(
      io, std::move(*acceptor), "unix:" + path, env, registry));
}

Result<std::vector<std::shared_ptr<Listener>>> listen_inherited(asio::io_context& io,
                                                                const SessionEnv& env,
                                                                SessionRegistry& registry) {
  std::vector<std::shared_ptr<Listener>> listeners;
  const char* pid = std::getenv("LISTEN_PID");
  const char* fds = std::getenv("LISTEN_FDS");
  if (pid == nullptr || fds == nullptr || std::atol(pid) != static_cast<long>(::getpid())) {
    return listeners;
  }
  constexpr int kFirstFd = 3;  // SD_LISTEN_FDS_START
  const int count = std::atoi(fds);
  for (int fd = kFirstFd; fd < kFirstFd + count; ++fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      return fail(errno_error(errno, "inherited socket " + std::to_string(fd)));
    }
    error_code ec;
    if (address.ss_family == AF_UNIX) {
      asio::local::stream_protocol::acceptor acceptor(io);
      acceptor.assign(asio::local::stream_protocol(), fd, ec);
      if (ec) {
        return fail(io_failure("inherited socket", ec));
      }
      const std::string name = "unix:" + acceptor.local_endpoint(ec).path();
      listeners.push_back(std::make_shared<AcceptLoop<asio::local::stream_protocol>>(
          io, std::move(acceptor), name, env, registry));
    } else {
      const auto protocol =
          address.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
      asio::ip::tcp::acceptor acceptor(io);
      acceptor.assign(protocol, fd, ec);
      if (ec) {
        return fail(io_failure("inherited socket", ec));
      }
      const auto bound = acceptor.local_endpoint(ec);
      const std::string name = bound.address().to_string() + ":" + std::to_string(bound.port());
      listeners.push_back(std::make_shared<AcceptLoop<asio::ip::tcp>>(
          io, std::move(acceptor), name, env, registry));
    }
  }
  ::unsetenv("LISTEN_PID");
  ::unsetenv("LISTEN_FDS");
  ::unsetenv("LISTEN_FDNAMES");
  return listeners;
}

}  // namespace lf::lfd
