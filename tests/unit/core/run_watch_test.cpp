// Service::watch_run: a watcher is told when a run's record changes, by this
// process or another, and never after its RunWatch is gone.

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include "service_fixture.hpp"

namespace fs = std::filesystem;

namespace {

using Fixture = lf_test::ServiceFixture;

// Counts the times a watch was told; waits for a count without polling.
struct Counter {
  std::mutex mutex;
  std::condition_variable changed;
  int count = 0;

  void bump() {
    const std::lock_guard lock(mutex);
    ++count;
    changed.notify_all();
  }

  // Whether the count reached `n`; a generous limit only so that a broken
  // watch fails the test instead of hanging it.
  bool reaches(int n) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, std::chrono::seconds(30), [&] { return count >= n; });
  }

  int value() {
    const std::lock_guard lock(mutex);
    return count;
  }
};

}  // namespace

TEST_CASE("a run watch is told of a change made through the Service", "[core][watch]") {
  Fixture fx;
  REQUIRE(fx.service.run_create(lf::core::CreateRunRequest{
      "w1", "workflow.outline_draft_review", boost::json::object{{"topic", "owls"}}}));
  Counter told;
  auto watch = fx.service.watch_run("w1", [&] { told.bump(); });
  REQUIRE(watch);
  REQUIRE(fx.service.run_cancel("w1"));
  CHECK(told.reaches(1));
}

TEST_CASE("a run watch is told of a write by another process, and not after it is dropped",
          "[core][watch]") {
  Fixture fx;
  REQUIRE(fx.service.run_create(lf::core::CreateRunRequest{
      "w2", "workflow.outline_draft_review", boost::json::object{{"topic", "owls"}}}));
  Counter first;
  auto watch = fx.service.watch_run("w2", [&] { first.bump(); });
  REQUIRE(watch);
  const std::string append =
      "printf '\\n' >> '" + (fx.run_dir("w2") / "events.jsonl").string() + "'";
  REQUIRE(std::system(append.c_str()) == 0);
  CHECK(first.reaches(1));

  *watch = lf::core::RunWatch();  // dropped
  const int before = first.value();
  Counter second;
  auto other = fx.service.watch_run("w2", [&] { second.bump(); });
  REQUIRE(other);
  REQUIRE(std::system(append.c_str()) == 0);
  REQUIRE(second.reaches(1));
  // Both would have been told of the same write; only the live one was.
  CHECK(first.value() == before);
}

TEST_CASE("watching an unknown run is not_found", "[core][watch]") {
  Fixture fx;
  auto watch = fx.service.watch_run("nope", [] {});
  REQUIRE_FALSE(watch);
  CHECK(watch.error().code == lf::Code::not_found);
}
