// Every route of lfd over a real socket, against a plain CortexFS-shaped tree:
// what a client sends, the status and JSON it gets back.

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "http_client.hpp"
#include "lfd_server.hpp"

using lfd_test::HttpClient;
using lfd_test::LfdServer;
namespace http = boost::beast::http;

namespace {

const std::string kCreate =
    R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"r1","inputs":{"question":"Is it fast?"}})";

std::string error_code_of(const lfd_test::HttpResponse& response) {
  return std::string(response.json().at("error").at("code").as_string());
}

}  // namespace

TEST_CASE("the asset, health and CortexFS routes answer with JSON", "[lfd][routes]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  const auto health = client.get("/health");
  CHECK(health.status == 200);
  CHECK(health.header("content-type") == "application/json");
  // The test's CortexFS tree is a plain folder, not a mount: lfd serves and
  // says what is missing, without the server's paths.
  CHECK(health.json().at("status") == "degraded");
  CHECK(health.json().at("ok") == false);
  CHECK(health.json().at("cortexfs").at("mounted") == false);
  CHECK(health.json().at("state_dir").at("ok") == true);
  CHECK(health.body.find(lfd.dir().string()) == std::string::npos);

  const auto workflows = client.get("/assets?kind=workflow");
  REQUIRE(workflows.status == 200);
  CHECK_FALSE(workflows.json().at("assets").as_array().empty());
  CHECK(client.get("/workflows").json() == workflows.json());
  CHECK(client.get("/nodes").status == 200);
  CHECK(client.get("/models").status == 200);
  CHECK(client.get("/compositions").status == 200);
  CHECK(client.get("/assets").status == 400);
  CHECK(client.get("/assets?kind=gadget").status == 400);

  const auto asset = client.get("/assets/workflow.parallel_angles");
  REQUIRE(asset.status == 200);
  const auto missing = client.get("/assets/workflow.nope");
  CHECK(missing.status == 404);
  CHECK(error_code_of(missing) == "not_found");

  CHECK(client.get("/ctx/abi").status == 200);
  // The connection stayed open through all of it.
  CHECK(health.keep_alive);
}

TEST_CASE("a run is created, read, submitted, cancelled, followed and deleted over HTTP",
          "[lfd][routes]") {
  LfdServer lfd;
  HttpClient client(lfd.port());

  const auto preview = client.post("/runs/preview", kCreate);
  REQUIRE(preview.status == 200);
  CHECK(preview.json().at("ready") == true);

  const auto created = client.post("/runs", kCreate);
  REQUIRE(created.status == 202);
  CHECK(created.header("location") == "/runs/r1");
  CHECK(created.json().at("run_id") == "r1");
  const auto again = client.post("/runs", kCreate);
  CHECK(again.status == 409);

  CHECK(client.get("/runs").json().at("runs").as_array().size() == 1);
  CHECK(client.get("/runs/r1").json().at("workflow_asset_id") == "workflow.parallel_angles");
  CHECK(client.get("/runs/r1/status").json().at("status") == "planned");
  CHECK(client.get("/runs/r1/request").json().at("inputs").at("question") == "Is it fast?");
  CHECK(client.get("/runs/r1/workflow").status == 200);
  const auto events = client.get("/runs/r1/events");
  REQUIRE(events.status == 200);
  CHECK(events.json().at("events").as_array()[0].at("event") == "run.created");
  CHECK(client.get("/runs/r1/events?after_seq=1").json().at("events").as_array().empty());
  CHECK(client.get("/runs/r1/trace").status == 200);

  // An empty body renders the step's template; the request lands in the inbox.
  const auto submitted = client.post("/runs/r1/steps/optimist/submit");
  INFO(submitted.body);
  REQUIRE(submitted.status == 202);
  const auto manifest = submitted.json();
  const auto& steps = manifest.at("steps").as_array();
  const auto& request_id = steps[0].at("cortex").at("request_id").as_string();
  CHECK(std::filesystem::exists(lfd.inbox() / (std::string(request_id) + ".req.json")));
  CHECK(client.post("/runs/r1/steps/optimist/submit").status == 409);
  CHECK(client.post("/runs/r1/refresh").status == 200);

  const auto output = client.get("/runs/r1/steps/optimist/output");
  CHECK(output.status == 412);
  CHECK(error_code_of(output) == "failed_precondition");
  CHECK(client.post("/runs/r1/steps/optimist/retry").status == 409);
  CHECK(client.get("/runs/r1/steps/nope/output").status == 404);

  // Nothing executes this run: wait says so at once instead of hanging.
  CHECK(client.get("/runs/r1/wait?timeout_s=5").status == 412);

  const auto cancelled = client.post("/runs/r1/cancel");
  REQUIRE(cancelled.status == 200);
  CHECK(cancelled.json().at("cancelled") == true);
  const auto waited = client.get("/runs/r1/wait?timeout_s=5");
  REQUIRE(waited.status == 200);
  CHECK(waited.json().at("status") == "cancelled");

  CHECK(client.get("/runs/r1/diff/r1").status == 200);
  CHECK(client.get("/runs/r1/diff/nope").status == 404);

  const auto deleted = client.request(http::verb::delete_, "/runs/r1");
  REQUIRE(deleted.status == 200);
  CHECK(deleted.json().at("deleted") == true);
  CHECK(client.get("/runs/r1").status == 404);
}

TEST_CASE("the events of an ended run stream as Server-Sent Events and the stream ends",
          "[lfd][routes][sse]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  REQUIRE(client.post("/runs", kCreate).status == 202);
  REQUIRE(client.post("/runs/r1/cancel").status == 200);

  lfd_test::SseStream stream(lfd.port(), "/runs/r1/events?follow=1");
  CHECK(stream.head().get().result_int() == 200);
  CHECK(stream.head().get()[http::field::content_type] == "text/event-stream");
  std::vector<lfd_test::SseEvent> seen;
  while (auto event = stream.next()) {
    seen.push_back(*event);
  }
  REQUIRE(seen.size() >= 2);
  CHECK(seen.front().event == "run.created");
  CHECK(seen.front().id == "1");
  CHECK(seen.back().event == "end");
  CHECK(boost::json::parse(seen.back().data).at("status") == "cancelled");

  // Resuming after the first event skips it.
  lfd_test::SseStream resumed(lfd.port(), "/runs/r1/events?follow=1", {{"Last-Event-ID", "1"}});
  auto first = resumed.next();
  REQUIRE(first);
  CHECK(first->id != "1");
}

TEST_CASE(
    "HEAD answers a GET's headers without a body, and unknown routes and methods are JSON errors",
    "[lfd][routes]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  const auto head = client.request(http::verb::head, "/health");
  CHECK(head.status == 200);
  CHECK(head.header("content-length") == std::to_string(client.get("/health").body.size()));
  CHECK(head.body.empty());
  // The connection is still usable after HEAD.
  CHECK(client.get("/health").status == 200);

  const auto unknown = client.get("/nowhere");
  CHECK(unknown.status == 404);
  CHECK(error_code_of(unknown) == "route_not_found");
  const auto wrong = client.request(http::verb::delete_, "/health");
  CHECK(wrong.status == 405);
  CHECK(wrong.header("allow") == "GET");
  CHECK(error_code_of(wrong) == "method_not_allowed");
}

TEST_CASE("error messages do not reveal the server's directories", "[lfd][routes]") {
  LfdServer lfd;
  HttpClient client(lfd.port());
  REQUIRE(client.post("/runs", kCreate).status == 202);
  // The run's record names a request file that is not there.
  std::filesystem::remove(lfd.dir() / "state/lightflow/runs/r1/request.json");
  const auto broken = client.get("/runs/r1/request");
  CHECK(broken.status >= 400);
  CHECK(broken.body.find(lfd.dir().string()) == std::string::npos);
  CHECK(broken.body.find("/state/") == std::string::npos);
}
