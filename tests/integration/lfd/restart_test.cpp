// lfd stopped (SIGTERM) in the middle of a run it executes, then started
// again: the new lfd continues the run by itself, and no request is
// committed twice.

#include <signal.h>

#include <chrono>
#include <map>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"
#include "http_client.hpp"
#include "lfd_server.hpp"
#include <lf_test/temp_dir.hpp>

using lfd_test::HttpClient;
using lfd_test::LfdOptions;
using lfd_test::LfdServer;

TEST_CASE("a run lfd was executing when stopped is continued by the next lfd, each step once",
          "[lfd][exec][restart]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  ctxfs_test::MountOptions slow;
  slow.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  slow.env["CORTEXFS_OPENAI_MODEL"] = "slow";  // every answer takes 3 s
  ctxfs_test::CtxfsMount mount(slow);
  lf_test::TempDir state("lfd-restart");
  const auto options = [&] {
    return LfdOptions().with_mount(mount.root()).with_env("XDG_STATE_HOME", state.path().string());
  };

  {
    LfdServer first(options());
    HttpClient client(first.port());
    REQUIRE(client
                .post("/runs/exec",
                      R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"mid",)"
                      R"("inputs":{"question":"Will it survive?"}})")
                .status
            == 202);
    for (int i = 0; i < 300; ++i) {
      if (client.get("/runs/mid/status").json().at("submitted_steps") == 2) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto stopped_at = std::chrono::steady_clock::now();
    CHECK(first.stop(SIGTERM) == 0);
    CHECK(std::chrono::steady_clock::now() - stopped_at < std::chrono::seconds(3));
  }

  // The next lfd resumes the run by itself: nobody asks it to.
  LfdServer second(options());
  HttpClient client(second.port());
  CHECK(second.wait_for_log(R"("event":"resumed")"));
  CHECK(second.log().find(R"("resumed":["mid"])") != std::string::npos);
  const auto done = client.get("/runs/mid/wait?timeout_s=60");
  INFO(done.body);
  REQUIRE(done.status == 200);
  CHECK(done.json().at("status") == "succeeded");
  std::map<std::string, int> submitted;
  const auto events = client.get("/runs/mid/events").json();
  for (const auto& event : events.at("events").as_array()) {
    if (event.at("event") == "step.submitted") {
      ++submitted[std::string(event.at("step_id").as_string())];
    }
  }
  CHECK(submitted == std::map<std::string, int>{{"merge", 1}, {"optimist", 1}, {"sceptic", 1}});
}

TEST_CASE("a wait that outlives its deadline is 504 timeout, and the run goes on",
          "[lfd][exec][wait]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  ctxfs_test::MountOptions slow;
  slow.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  slow.env["CORTEXFS_OPENAI_MODEL"] = "slow";
  ctxfs_test::CtxfsMount mount(slow);
  LfdServer lfd(LfdOptions().with_mount(mount.root()));
  HttpClient client(lfd.port());
  REQUIRE(client
              .post("/runs/exec",
                    R"({"workflow_asset_id":"workflow.parallel_angles","run_id":"long",)"
                    R"("inputs":{"question":"q"}})")
              .status
          == 202);
  const auto asked = std::chrono::steady_clock::now();
  const auto early = client.get("/runs/long/wait?timeout_s=1");
  const auto waited = std::chrono::steady_clock::now() - asked;
  CHECK(early.status == 504);
  CHECK(early.json().at("error").at("code") == "timeout");
  CHECK(waited >= std::chrono::milliseconds(900));
  CHECK(waited < std::chrono::seconds(3));
  const auto done = client.get("/runs/long/wait?timeout_s=60");
  REQUIRE(done.status == 200);
  CHECK(done.json().at("status") == "succeeded");
}
