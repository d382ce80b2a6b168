// Many clients at once: every commit is answered exactly once.

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"

using ctxfs_test::CtxfsMount;

TEST_CASE("200 commits from 8 threads are all answered exactly once", "[ctxfs][concurrency]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> committed{0};
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "c" + std::to_string(t) + "-" + std::to_string(i);
        if (ctxfs_test::commit(mount.inbox(), id, ctxfs_test::chat_body(id)) == 0) {
          ++committed;
        }
        if (ctxfs_test::wait_outcome(mount.outbox(), id) == "resp\n") {
          ++answered;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(committed == kThreads * kPerThread);
  CHECK(answered == kThreads * kPerThread);
  std::set<std::string> responses;
  for (const auto& entry : std::filesystem::directory_iterator(mount.outbox())) {
    if (entry.path().string().size() > 10
        && entry.path().string().substr(entry.path().string().size() - 10) == ".resp.json") {
      responses.insert(entry.path().filename().string());
    }
  }
  CHECK(responses.size() == kThreads * kPerThread);
  const std::string usage = ctxfs_test::read_text(mount.root() / "audit" / "usage");
  CHECK(usage.find("queued=200\n") != std::string::npos);
  CHECK(usage.find("drained=200\n") != std::string::npos);
  CHECK(ctxfs_test::read_text(mount.root() / "control" / "queue_depth") == "0\n");
}
