// Debian's nginx as a reverse proxy in front of lfd's Unix socket, with the
// configuration docs/lfd.md documents (packaging/nginx/lfd.conf): a GET, a
// POST, Server-Sent Events arriving event by event, the body limit, and
// X-Forwarded-For in lfd's access log. nginx runs as a child in the
// foreground with a temporary prefix and is stopped at the end.

#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "lfd_server.hpp"
#include <lf_test/files.hpp>
#include <lf_test/process.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

std::string nginx_program() {
  for (const std::string candidate : {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return lfd_test::find_program("nginx");
}

unsigned short free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    at += to.size();
  }
  return text;
}

class Nginx {
 public:
  Nginx(const std::string& program, const std::filesystem::path& socket) : port_(free_port()) {
    const auto prefix = dir_.path();
    const std::string site = replace_all(
        replace_all(
            lf_test::read_file(*lf_test::env_value("LF_SOURCE_DIR") + "/packaging/nginx/lfd.conf"),
            "@LFD_SOCKET@",
            socket.string()),
        "@LISTEN@",
        "127.0.0.1:" + std::to_string(port_));
    lf_test::write_file(prefix / "lfd.conf", site);
    // One process as the current user, everything under the temporary prefix.
    lf_test::write_file(prefix / "nginx.conf",
                        "master_process off;\ndaemon off;\npid " + (prefix / "nginx.pid").string()
                            + ";\nerror_log " + (prefix / "error.log").string()
                            + " info;\nevents { worker_connections 256; }\nhttp {\n"
                              "  access_log off;\n  client_body_temp_path body;\n"
                              "  proxy_temp_path proxy;\n  fastcgi_temp_path fastcgi;\n"
                              "  uwsgi_temp_path uwsgi;\n  scgi_temp_path scgi;\n"
                              "  include lfd.conf;\n}\n");
    process_ = std::make_unique<lf_test::BackgroundProcess>(
        std::vector<std::string>{program,
                                 "-p",
                                 prefix.string() + "/",
                                 "-e",
                                 (prefix / "error.log").string(),
                                 "-c",
                                 (prefix / "nginx.conf").string()},
        lf_test::ProcessOptions{},
        prefix / "stderr.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      try {
        lfd_test::HttpClient probe(port_);
        return;
      } catch (const boost::system::system_error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    throw std::runtime_error("nginx did not start: " + lf_test::read_file(prefix / "error.log"));
  }

  ~Nginx() { process_->stop(15, std::chrono::milliseconds(5000)); }

  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  unsigned short port() const { return port_; }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  lf_test::TempDir dir_{"lfd-nginx"};
  unsigned short port_;
  std::unique_ptr<lf_test::BackgroundProcess> process_;
};

}  // namespace

TEST_CASE("nginx in front of lfd's Unix socket passes requests, streams and the client address",
          "[lfd][nginx]") {
  const std::string program = nginx_program();
  if (program.empty()) {
    std::exit(77);
  }
  lfd_test::LfdServer lfd(lfd_test::LfdOptions().with_unix_socket());
  Nginx nginx(program, lfd.socket_path());

  const auto health =
      lfd_test::curl({"-H", "X-Forwarded-For: 203.0.113.7", nginx.url() + "/health"});
  CHECK(boost::json::parse(health.out).at("state_dir").at("ok") == true);
  const auto created = lfd_test::curl(
      {"-w",
       "\n%{http_code}",
       "-H",
       "content-type: application/json",
       "--data",
       R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"p1","inputs":{"question":"q"}})",
       nginx.url() + "/runs"});
  CHECK(created.out.ends_with("\n202"));

  // The stream is open before the step is submitted; its event comes through
  // on its own, before anything ends the stream.
  lfd_test::SseStream stream(nginx.port(), "/runs/p1/events?follow=1");
  CHECK(stream.head().get().result_int() == 200);
  auto first = stream.next();
  REQUIRE(first);
  CHECK(first->event == "run.created");
  lfd_test::HttpClient client(nginx.port());
  REQUIRE(client.post("/runs/p1/steps/optimist/submit").status == 202);
  const auto before = std::chrono::steady_clock::now();
  auto submitted = stream.next();
  REQUIRE(submitted);
  CHECK(submitted->event == "step.submitted");
  CHECK(std::chrono::steady_clock::now() - before < std::chrono::seconds(3));
  REQUIRE(client.post("/runs/p1/cancel").status == 200);
  std::string last;
  while (auto event = stream.next()) {
    last = event->event;
  }
  CHECK(last == "end");

  // nginx enforces the documented body limit itself.
  lf_test::TempDir dir("lfd-nginx-body");
  lf_test::write_file(dir / "body.json", std::string(20 * 1024 * 1024, 'x'));
  const auto big = lfd_test::curl({"-o",
                                   "/dev/null",
                                   "-w",
                                   "%{http_code}",
                                   "-H",
                                   "content-type: application/json",
                                   "--data-binary",
                                   "@" + (dir / "body.json").string(),
                                   nginx.url() + "/runs"});
  CHECK(big.out == "413");

  // lfd saw the requests on its Unix socket, with the client's address chain.
  CHECK(lfd.wait_for_log(R"("remote":"unix")"));
  CHECK(lfd.wait_for_log(R"("forwarded_for":"203.0.113.7, 127.0.0.1")"));
}
