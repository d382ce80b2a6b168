// lfd under load and abuse: many keep-alive connections at once, a slowloris
// client, idle connections, and SIGTERM in the middle of traffic.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "lfd_server.hpp"

using lfd_test::HttpClient;
using lfd_test::LfdServer;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

TEST_CASE("1,000 concurrent keep-alive connections are all served, twice each", "[lfd][load]") {
  LfdServer lfd(lfd_test::LfdOptions().with_args({"--no-access-log"}));
  asio::io_context io;
  constexpr int kConnections = 1000;
  std::vector<asio::ip::tcp::socket> sockets;
  sockets.reserve(kConnections);
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), lfd.port());
  for (int i = 0; i < kConnections; ++i) {
    sockets.emplace_back(io).connect(endpoint);
  }
  const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int round = 0; round < 2; ++round) {
    // Every connection has a request in flight before any answer is read.
    for (auto& socket : sockets) {
      asio::write(socket, asio::buffer(request));
    }
    int ok = 0;
    for (auto& socket : sockets) {
      boost::beast::flat_buffer buffer;
      http::response<http::string_body> response;
      http::read(socket, buffer, response);
      ok += response.result_int() == 200 && response.keep_alive() ? 1 : 0;
    }
    CHECK(ok == kConnections);
  }
}

TEST_CASE("a slowloris client is dropped while others are served", "[lfd][load]") {
  LfdServer lfd(
      lfd_test::LfdOptions().with_args({"--read-timeout-ms", "800", "--idle-timeout-ms", "1500"}));
  asio::io_context io;
  asio::ip::tcp::socket slow(io);
  slow.connect({asio::ip::make_address("127.0.0.1"), lfd.port()});
  asio::write(slow, asio::buffer(std::string("GET /health HTTP/1.1\r\n")));
  const auto started = Clock::now();
  bool dropped = false;
  // One header byte every 200 ms never completes the request.
  for (int i = 0; i < 40 && !dropped; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    boost::system::error_code ec;
    asio::write(slow, asio::buffer(std::string("X")), ec);
    dropped = ec.failed();
    HttpClient other(lfd.port());
    CHECK(other.get("/health").status == 200);
  }
  if (!dropped) {
    char byte = 0;
    boost::system::error_code ec;
    slow.read_some(asio::buffer(&byte, 1), ec);
    dropped = ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  CHECK(dropped);
  CHECK(Clock::now() - started < std::chrono::seconds(5));

  // A connection that never sends anything is closed after the idle timeout.
  HttpClient idle(lfd.port());
  const auto idle_started = Clock::now();
  CHECK(idle.closed_by_peer());
  CHECK(Clock::now() - idle_started < std::chrono::seconds(4));
}

TEST_CASE("SIGTERM under load: no answer is cut, long calls answer, exit code 0",
          "[lfd][load][shutdown]") {
  LfdServer lfd(lfd_test::LfdOptions().with_args({"--no-access-log"}));
  HttpClient setup(lfd.port());
  REQUIRE(setup
              .post("/runs",
                    R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"w",)"
                    R"("inputs":{"question":"q"}})")
              .status
          == 202);
  std::atomic<int> complete{0};
  std::atomic<int> cut{0};
  std::atomic<bool> go{true};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&] {
      while (go) {
        try {
          HttpClient client(lfd.port());
          for (;;) {
            const auto response = client.get("/runs/w/status");
            if (response.status != 200 || response.body.find("\"status\"") == std::string::npos) {
              ++cut;
            }
            ++complete;
            if (!response.keep_alive) {
              break;
            }
          }
        } catch (const boost::system::system_error& error) {
          // Closed between answers (retryable) or refused after the stop;
          // a partial answer would be http::error::partial_message.
          if (error.code() == http::error::partial_message) {
            ++cut;
          }
          if (error.code() == asio::error::connection_refused) {
            return;
          }
        }
      }
    });
  }
  // An event stream open when the signal comes is ended cleanly, not cut.
  std::atomic<bool> stream_ended{false};
  std::thread waiter([&] {
    try {
      lfd_test::SseStream stream(lfd.port(), "/runs/w/events?follow=1");
      while (stream.next()) {
      }
      stream_ended = true;
    } catch (const boost::system::system_error&) {
      ++cut;
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const int before = complete.load();
  const auto stopped_at = Clock::now();
  CHECK(lfd.stop(SIGTERM) == 0);
  CHECK(Clock::now() - stopped_at < std::chrono::seconds(5));
  go = false;
  for (auto& client : clients) {
    client.join();
  }
  waiter.join();
  CHECK(before > 100);
  CHECK(cut == 0);
  CHECK(stream_ended);
}
