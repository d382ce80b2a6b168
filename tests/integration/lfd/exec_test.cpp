// Runs executed inside lfd against a real ctxfs mount with the offline
// provider: 202 + Location, a synchronous wait, events followed live with
// Last-Event-ID resumption, outputs, rerun and diff.

#include <atomic>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "http_client.hpp"
#include "lfd_server.hpp"

using lfd_test::HttpClient;
using lfd_test::LfdServer;

TEST_CASE("a run executed by lfd is followed live, waited for, and rerun", "[lfd][exec]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::CtxfsMount mount;
  LfdServer lfd(lfd_test::LfdOptions().with_mount(mount.root()));
  HttpClient client(lfd.port());

  // With CortexFS mounted, every check of the health report passes.
  const auto health = client.get("/health");
  INFO(health.body);
  CHECK(health.json().at("status") == "ok");
  CHECK(health.json().at("cortexfs").at("mounted") == true);

  const auto started = client.post(
      "/runs/exec",
      R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"live","inputs":{"question":"Is FUSE fast?"}})");
  INFO(started.body);
  REQUIRE(started.status == 202);
  CHECK(started.header("location") == "/runs/live");

  // Every event arrives once, in seq order, and the stream ends with the run.
  lfd_test::SseStream stream(lfd.port(), "/runs/live/events?follow=1");
  std::vector<lfd_test::SseEvent> events;
  std::optional<lfd_test::SseEvent> event;
  while ((event = stream.next())) {
    events.push_back(*event);
  }
  REQUIRE(events.size() >= 4);
  REQUIRE(events.back().event == "end");
  CHECK(boost::json::parse(events.back().data).at("status") == "succeeded");
  std::uint64_t last = 0;
  for (std::size_t i = 0; i + 1 < events.size(); ++i) {
    REQUIRE(events[i].id);
    const auto seq = std::stoull(*events[i].id);
    CHECK(seq > last);
    last = seq;
  }

  // A client that reconnects after the third event sees exactly the rest.
  const std::string third = *events[2].id;
  lfd_test::SseStream resumed(lfd.port(), "/runs/live/events?follow=1", {{"Last-Event-ID", third}});
  std::vector<std::string> rest;
  while ((event = resumed.next())) {
    if (event->id) {
      rest.push_back(*event->id);
    }
  }
  std::vector<std::string> expected;
  for (std::size_t i = 3; i + 1 < events.size(); ++i) {
    expected.push_back(*events[i].id);
  }
  CHECK(rest == expected);

  const auto waited = client.get("/runs/live/wait?timeout_s=30");
  REQUIRE(waited.status == 200);
  CHECK(waited.json().at("status") == "succeeded");
  const auto output = client.get("/runs/live/steps/merge/output");
  REQUIRE(output.status == 200);
  CHECK_THAT(std::string(output.json().at("text").as_string()), Catch::Contains("Optimist"));

  const auto rerun =
      client.post("/runs/live/rerun", R"({"run_id":"again","inputs":{"question":"Is it slow?"}})");
  REQUIRE(rerun.status == 202);
  CHECK(rerun.header("location") == "/runs/again");
  const auto second = client.get("/runs/again/wait?timeout_s=30");
  REQUIRE(second.status == 200);
  CHECK(second.json().at("status") == "succeeded");
  const auto diff = client.get("/runs/live/diff/again");
  REQUIRE(diff.status == 200);
  CHECK(diff.json().at("inputs").as_array().size() == 1);
  // The run is no longer executing, so it can be deleted.
  CHECK(client.request(boost::beast::http::verb::delete_, "/runs/again").status == 200);
}

TEST_CASE("clients waiting for a run hold no thread: other requests are answered meanwhile",
          "[lfd][exec]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::CtxfsMount mount;
  // One worker thread: if waits held it, the health checks below would stall.
  LfdServer lfd(lfd_test::LfdOptions().with_args({"--workers", "1"}).with_mount(mount.root()));
  HttpClient client(lfd.port());
  const auto started = client.post(
      "/runs/exec",
      R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"slow","inputs":{"question":"q"},)"
      R"("options":{"max_parallel":1}})");
  REQUIRE(started.status == 202);
  std::vector<std::thread> waiters;
  std::atomic<int> answered{0};
  for (int i = 0; i < 4; ++i) {
    waiters.emplace_back([&] {
      HttpClient waiter(lfd.port());
      const auto response = waiter.get("/runs/slow/wait?timeout_s=30");
      answered += response.status == 200 ? 1 : 0;
    });
  }
  for (int i = 0; i < 5; ++i) {
    CHECK(client.get("/health").status == 200);
  }
  for (auto& waiter : waiters) {
    waiter.join();
  }
  CHECK(answered == 4);
  // A cancelled run's wait is immediate.
  CHECK(client.post("/runs/slow/cancel").status == 200);
  CHECK(client.get("/runs/slow/wait?timeout_s=0").status == 200);
}
