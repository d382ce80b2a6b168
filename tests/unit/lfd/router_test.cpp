// The router without a socket: requests built as Beast objects go in, the
// answer comes out through a Responder that keeps it.

#include "router.hpp"

#include <atomic>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "executions.hpp"

using namespace lf::lfd;

namespace {

class Kept final : public Responder {
 public:
  void respond(Response response) override { response_ = std::move(response); }

  void open_stream(Response head) override { response_ = std::move(head); }

  bool write_chunk(std::string) override { return false; }

  void close_stream() override {}

  bool closing() const override { return false; }

  std::optional<Response> response_;
};

struct Fixture {
  boost::asio::io_context work;
  std::atomic<bool> stopping{false};
  lf::core::Service service{lf::core::ServiceConfig{}};
  Executions executions;
  ServerContext context{service, executions, work.get_executor(), stopping, std::nullopt};

  Response send(const Router& router, Request request) {
    auto kept = std::make_shared<Kept>();
    request.prepare_payload();
    router.dispatch(std::move(request), context, kept);
    work.restart();
    work.run();
    REQUIRE(kept->response_);
    return *kept->response_;
  }
};

Request request(http::verb method,
                std::string target,
                std::string body = "",
                std::string type = "") {
  Request r{method, target, 11};
  if (!type.empty()) {
    r.set(http::field::content_type, type);
  }
  r.body() = std::move(body);
  return r;
}

Router echo_router(AccessPolicy policy = {}) {
  Router router(std::move(policy));
  router.add(http::verb::get, "/runs/{run_id}", BodyKind::none, [](const auto& call) {
    call->respond(
        json_response(http::status::ok, boost::json::object{{"id", call->param("run_id")}}));
  });
  router.add(http::verb::post, "/runs", BodyKind::json_required, [](const auto& call) {
    call->respond(json_response(http::status::accepted, boost::json::object{}));
  });
  return router;
}

}  // namespace

TEST_CASE("path segments are percent-decoded and traversal is refused", "[lfd][router]") {
  CHECK(*path_segments("/runs/a%20b/status?x=1")
        == std::vector<std::string>{"runs", "a b", "status"});
  CHECK(path_segments("/").value().empty());
  for (const char* bad :
       {"/runs/..", "/runs/%2e%2E", "/runs/a%2Fb", "/runs/.", "/runs/%00", "/runs/%zz", "runs"}) {
    INFO(bad);
    CHECK_FALSE(path_segments(bad));
  }
  const auto query = query_parameters("/x?kind=workflow&timeout_s=5&q=a+b%21&flag");
  REQUIRE(query);
  CHECK(query->at("kind") == "workflow");
  CHECK(query->at("q") == "a b!");
  CHECK(query->at("flag").empty());
}

TEST_CASE("routes match by segment, with 404 and 405 for the rest", "[lfd][router]") {
  Fixture fixture;
  const Router router = echo_router();
  const auto found = fixture.send(router, request(http::verb::get, "/runs/r%31"));
  CHECK(found.result() == http::status::ok);
  CHECK(found.body() == R"({"id":"r1"})");
  CHECK(fixture.send(router, request(http::verb::head, "/runs/r1")).result() == http::status::ok);
  CHECK(fixture.send(router, request(http::verb::get, "/runs/r1/x")).result()
        == http::status::not_found);
  const auto wrong = fixture.send(router, request(http::verb::put, "/runs/r1"));
  CHECK(wrong.result() == http::status::method_not_allowed);
  CHECK(wrong[http::field::allow] == "GET");
  CHECK(fixture.send(router, request(http::verb::get, "/runs/%2e%2e")).result()
        == http::status::bad_request);
}

TEST_CASE("a JSON route refuses other content types", "[lfd][router]") {
  Fixture fixture;
  const Router router = echo_router();
  CHECK(fixture.send(router, request(http::verb::post, "/runs", "{}", "application/json")).result()
        == http::status::accepted);
  CHECK(
      fixture
          .send(router, request(http::verb::post, "/runs", "{}", "application/json; charset=utf-8"))
          .result()
      == http::status::accepted);
  CHECK(fixture.send(router, request(http::verb::post, "/runs", "{}", "text/plain")).result()
        == http::status::unsupported_media_type);
  CHECK(fixture.send(router, request(http::verb::post, "/runs")).result()
        == http::status::unsupported_media_type);
}

TEST_CASE("a configured token is required, compared whole", "[lfd][router][auth]") {
  Fixture fixture;
  const Router router = echo_router(AccessPolicy{"secret", {}});
  auto ask = [&](std::string header) {
    auto r = request(http::verb::get, "/runs/r1");
    if (!header.empty()) {
      r.set(http::field::authorization, header);
    }
    return fixture.send(router, std::move(r)).result();
  };
  CHECK(ask("") == http::status::unauthorized);
  CHECK(ask("Bearer secre") == http::status::unauthorized);
  CHECK(ask("Bearer secrets") == http::status::unauthorized);
  CHECK(ask("Basic secret") == http::status::unauthorized);
  CHECK(ask("Bearer secret") == http::status::ok);
}

TEST_CASE("error messages lose the directories of the paths they name", "[lfd][errors]") {
  CHECK(without_host_paths("/home/u/.local/state/lightflow/runs/r1/manifest.json: No such file")
        == "manifest.json: No such file");
  CHECK(without_host_paths("CortexFS is not mounted at /tmp/x/ctx")
        == "CortexFS is not mounted at ctx");
  CHECK(without_host_paths("run r1 already exists") == "run r1 already exists");
  const auto response =
      error_response(lf::Error{lf::Code::not_found, "/srv/runs/r9/manifest.json: gone"});
  CHECK(response.result() == http::status::not_found);
  CHECK(response.body() == R"({"error":{"code":"not_found","message":"manifest.json: gone"}})");
}

TEST_CASE("a WebSocket upgrade from a page is accepted only from an allowed origin",
          "[lfd][router]") {
  Fixture fixture;
  const Router router = echo_router(AccessPolicy{std::nullopt, {"https://dash.example"}});
  auto upgrade = [](std::string origin) {
    Request r = request(http::verb::get, "/runs/r1");
    r.set(http::field::upgrade, "websocket");
    if (!origin.empty()) {
      r.set(http::field::origin, origin);
    }
    return r;
  };
  CHECK(fixture.send(router, upgrade("https://evil.example")).result() == http::status::forbidden);
  CHECK(fixture.send(router, upgrade("https://dash.example")).result() == http::status::ok);
  // Programs that name no origin (not a browser) are not affected.
  CHECK(fixture.send(router, upgrade("")).result() == http::status::ok);
}

TEST_CASE("an I/O-thread route answers at once, the others only on the work pool",
          "[lfd][router]") {
  Fixture fixture;
  Router router({});
  const auto named = [](const auto& call) {
    call->respond(
        json_response(http::status::ok, boost::json::object{{"id", call->param("run_id")}}));
  };
  router.add(http::verb::get, "/runs/{run_id}", BodyKind::none, named, Placement::io_thread);
  router.add(http::verb::get, "/runs/{run_id}/status", BodyKind::none, named);

  auto inline_kept = std::make_shared<Kept>();
  router.dispatch(request(http::verb::get, "/runs/r1"), fixture.context, inline_kept);
  REQUIRE(inline_kept->response_);  // before the work pool ran anything
  CHECK(inline_kept->response_->body() == R"({"id":"r1"})");

  auto pooled_kept = std::make_shared<Kept>();
  router.dispatch(request(http::verb::get, "/runs/r2/status"), fixture.context, pooled_kept);
  CHECK_FALSE(pooled_kept->response_);
  fixture.work.restart();
  fixture.work.run();
  REQUIRE(pooled_kept->response_);
  CHECK(pooled_kept->response_->body() == R"({"id":"r2"})");
}
