#include "server.hpp"

#include <unistd.h>

#include <array>
#include <csignal>
#include <ctime>
#include <thread>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/array.hpp>

#include <lightflow/stream/discovery.hpp>

#include "routes.hpp"
#include "static_files.hpp"

namespace lf::lfd {

void add_routes(Router& router) {
  add_asset_routes(router);
  add_run_routes(router);
  add_exec_routes(router);
  add_follow_routes(router);
  add_stream_routes(router);
  add_mcp_routes(router);
}

namespace asio = boost::asio;

namespace {

unsigned cores() {
  return std::max(1U, std::thread::hardware_concurrency());
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  std::array<char, 32> text{};
  const std::size_t length = std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return std::string(text.data(), length);
}

// Where this lfd really listens, from its listeners' bound addresses
// ("127.0.0.1:5174", "[::1]:5174", "unix:/path"): the first TCP address
// and the first Unix socket.
stream::ServerAdvert advert_of(const std::vector<std::shared_ptr<Listener>>& listeners) {
  stream::ServerAdvert advert{::getpid(), std::nullopt, std::nullopt, std::nullopt, utc_now()};
  for (const auto& listener : listeners) {
    const std::string address = listener->address();
    if (address.starts_with("unix:")) {
      if (!advert.unix_socket) {
        advert.unix_socket = address.substr(5);
      }
      continue;
    }
    const auto colon = address.rfind(':');
    if (advert.host || colon == std::string::npos) {
      continue;
    }
    std::string host = address.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    }
    advert.host = std::move(host);
    advert.port = static_cast<unsigned short>(std::stoul(address.substr(colon + 1)));
  }
  return advert;
}

}  // namespace

Server::Server(ServerOptions options, core::Service& service)
    : options_(std::move(options)),
      log_(options_.access_log),
      router_(options_.access),
      connections_(options_.io_threads != 0 ? options_.io_threads : cores()),
      io_(1),
      work_(options_.work_threads != 0 ? options_.work_threads : std::max(2U, cores())),
      context_{service, executions_, work_.get_executor(), stopping_, std::nullopt},
      env_{router_, context_, options_.limits, log_, connections_} {
  add_routes(router_);
  if (options_.static_dir) {
    router_.set_fallback(static_files(*options_.static_dir));
  }
}

Server::~Server() {
  work_.stop();
  work_.join();
}

Result<void> Server::listen() {
  auto inherited = listen_inherited(io_, env_, registry_);
  if (!inherited) {
    return fail(inherited.error());
  }
  listeners_ = std::move(*inherited);
  if (listeners_.empty() && options_.tcp) {
    auto tcp = listen_tcp(io_, options_.host, options_.port, env_, registry_);
    if (!tcp) {
      return fail(tcp.error());
    }
    listeners_.push_back(std::move(*tcp));
  }
  if (options_.unix_socket) {
    auto local = listen_unix(io_, *options_.unix_socket, env_, registry_);
    if (!local) {
      return fail(local.error());
    }
    listeners_.push_back(std::move(*local));
  }
  if (listeners_.empty()) {
    return fail(Code::invalid_argument, "nothing to listen on: --no-tcp needs --socket");
  }
  for (const auto& listener : listeners_) {
    // The same rule for sockets systemd passed as for --host.
    if (!listener->loopback_only() && !options_.access.token) {
      return fail(Code::invalid_argument,
                  listener->address()
                      + " reaches beyond this machine: give a bearer token with --token-file or "
                        "LIGHTFLOW_TOKEN");
    }
  }
  return {};
}

void Server::run() {
  asio::signal_set signals(io_, SIGTERM, SIGINT);
  signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) {
      begin_shutdown();
    }
  });
  boost::json::array addresses;
  for (const auto& listener : listeners_) {
    listener->start();
    addresses.emplace_back(listener->address());
  }
  log_.event(
      "listening",
      {{"addresses", std::move(addresses)}, {"auth", options_.access.token ? "bearer" : "none"}});
  // Tell lf (lf stream info) on this machine where to find us.
  context_.advert = advert_of(listeners_);
  const auto& runtime_dir = context_.service.config().dirs.runtime;
  if (auto advertised = stream::advertise(runtime_dir, *context_.advert); !advertised) {
    log_.event("advert_failed", {{"message", advertised.error().message}});
  }
  resume_owned_runs();
  connections_.run();
  // This thread accepts and watches for signals; the connections' threads
  // serve. io_ stops once the sessions are done (wait_for_sessions).
  io_.run();
  connections_.stop();
  stream::withdraw(runtime_dir, ::getpid());
  if (options_.unix_socket) {
    ::unlink(options_.unix_socket->c_str());
  }
  log_.event("stopped", {{"executions_left", executions_.active()}});
}

// The runs an earlier lfd was executing when it stopped go on here.
void Server::resume_owned_runs() {
  const core::OwnedRunsResumed resumed = context_.service.resume_owned_runs();
  for (const std::string& run_id : resumed.resumed) {
    if (auto handle = context_.service.find_execution(run_id)) {
      executions_.add(std::move(*handle));
    }
  }
  if (!resumed.resumed.empty() || !resumed.failed.empty()) {
    log_.event("resumed", core::to_json(resumed));
  }
}

void Server::begin_shutdown() {
  log_.event("stopping", {{"connections", registry_.size()}});
  stopping_ = true;
  for (const auto& listener : listeners_) {
    listener->stop();
  }
  registry_.stop_all();
  wait_for_sessions(std::chrono::steady_clock::now() + options_.shutdown_timeout);
}

// Polls the registry: sessions leave it as their last exchange ends.
void Server::wait_for_sessions(std::chrono::steady_clock::time_point deadline) {
  if (registry_.size() == 0 || std::chrono::steady_clock::now() >= deadline) {
    io_.stop();
    return;
  }
  shutdown_timer_ = std::make_unique<asio::steady_timer>(io_, std::chrono::milliseconds(20));
  shutdown_timer_->async_wait([this, deadline](const boost::system::error_code&) {
    // Sessions that started an exchange after stop_all() hear it again.
    registry_.stop_all();
    wait_for_sessions(deadline);
  });
}

}  // namespace lf::lfd
