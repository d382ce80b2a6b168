// Persistence: a daemon killed with requests in flight loses nothing, and a
// restarted daemon serves finished outcomes again.

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"

using ctxfs_test::CtxfsMount;

TEST_CASE("a killed daemon re-runs unfinished requests and re-serves outcomes",
          "[ctxfs][restart]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {"--workers", "2"}});
  REQUIRE(ctxfs_test::commit(mount.inbox(), "done", ctxfs_test::chat_body("first")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "done") == "resp\n");
  const std::string done = ctxfs_test::read_text(mount.outbox() / "done.resp.json");
  // The slow model keeps these in flight (or queued) when the daemon dies.
  for (int i = 0; i < 4; ++i) {
    REQUIRE(ctxfs_test::commit(
                mount.inbox(), "fly" + std::to_string(i), ctxfs_test::chat_body("in flight"))
            == 0);
  }
  REQUIRE(ctxfs_test::commit(mount.inbox(), "stuck", ctxfs_test::chat_body("x", "slow")) == 0);
  mount.restart({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}}, /*crash=*/true);

  CHECK(ctxfs_test::read_text(mount.outbox() / "done.resp.json") == done);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "done") == "resp\n");
  for (int i = 0; i < 4; ++i) {
    CHECK(ctxfs_test::wait_outcome(mount.outbox(), "fly" + std::to_string(i)) == "resp\n");
  }
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "stuck") == "resp\n");
  CHECK(ctxfs_test::read_text(mount.outbox() / "stuck.fingerprint").rfind("fnv1a64:", 0) == 0);
  CHECK(ctxfs_test::read_text(mount.inbox() / "stuck.req.json")
        == ctxfs_test::chat_body("x", "slow"));
  // A finished id stays finished across the restart: committing it again is a no-op.
  ctxfs_test::write_text(mount.inbox() / "again.tmp", ctxfs_test::chat_body("other"));
  CHECK(ctxfs_test::rename_errno(mount.inbox() / "again.tmp", mount.inbox() / "done.req.json")
        == 0);
  CHECK(ctxfs_test::read_text(mount.outbox() / "done.resp.json") == done);
}

TEST_CASE("SIGTERM cuts a slow provider call short and the request runs again later",
          "[ctxfs][restart]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}});
  REQUIRE(ctxfs_test::commit(mount.inbox(), "cut", ctxfs_test::chat_body("x", "slow")) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the call is in flight
  const auto start = std::chrono::steady_clock::now();
  CHECK(mount.signal_daemon(SIGTERM) == 0);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(2000));
  mount.restart({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}}, /*crash=*/false);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "cut") == "resp\n");
  CHECK_FALSE(std::filesystem::exists(mount.outbox() / "cut.error"));
}
