#include <thread>

#include <catch2/catch.hpp>

#include <lightflow/cortex/outcome_waiter.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using namespace std::chrono_literals;

namespace {

struct Outbox {
  lf_test::TempDir dir;
  lf::ctxabi::Layout layout{dir / "ctx", 1000};

  Outbox() {
    std::filesystem::create_directories(layout.api_outbox(lf::ctxabi::ApiFormat::openai_chat));
  }

  lf::cortex::Exchange exchange(std::string_view id) const {
    return *lf::cortex::plan_exchange(layout, *lf::cortex::api_target("openai.chat"), id);
  }
};

// Publishes a file the way CortexFS does: whole, by rename.
void publish(const std::filesystem::path& path, std::string_view content) {
  lf_test::write_file(path.string() + ".part", content);
  std::filesystem::rename(path.string() + ".part", path);
}

}  // namespace

TEST_CASE("a waiter wakes when an outcome appears in an ordinary outbox", "[cortex][waiter]") {
  Outbox outbox;
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  const auto first = outbox.exchange("r.a");
  const auto second = outbox.exchange("r.b");
  REQUIRE((*waiter)->watch(first));
  REQUIRE((*waiter)->watch(second));
  std::thread provider([&] {
    std::this_thread::sleep_for(50ms);
    publish(second.error, "{\"error\":\"boom\"}\n");
  });
  const auto started = std::chrono::steady_clock::now();
  auto ready = (*waiter)->wait(10s);
  provider.join();
  REQUIRE(ready);
  CHECK(*ready == std::vector<std::string>{"r.b"});
  CHECK(std::chrono::steady_clock::now() - started < 5s);
  (*waiter)->unwatch("r.b");
  CHECK((*waiter)->size() == 1);
}

TEST_CASE("an outcome that already exists is reported at once", "[cortex][waiter]") {
  Outbox outbox;
  const auto exchange = outbox.exchange("r.done");
  publish(exchange.response, "{}\n");
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  REQUIRE((*waiter)->watch(exchange));
  auto ready = (*waiter)->wait(10s);
  REQUIRE(ready);
  CHECK(*ready == std::vector<std::string>{"r.done"});
}

TEST_CASE("a waiter times out with nothing and can be interrupted", "[cortex][waiter]") {
  Outbox outbox;
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  REQUIRE((*waiter)->watch(outbox.exchange("r.never")));
  auto timed_out = (*waiter)->wait(30ms);
  REQUIRE(timed_out);
  CHECK(timed_out->empty());
  std::thread interrupter([&] {
    std::this_thread::sleep_for(30ms);
    (*waiter)->interrupt();
  });
  const auto started = std::chrono::steady_clock::now();
  auto interrupted = (*waiter)->wait(30s);
  interrupter.join();
  REQUIRE(interrupted);
  CHECK(interrupted->empty());
  CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("watching a request whose outbox does not exist is an error", "[cortex][waiter]") {
  lf_test::TempDir dir;
  const lf::ctxabi::Layout layout(dir / "nothing", 1000);
  auto exchange = lf::cortex::plan_exchange(layout, *lf::cortex::api_target("openai.chat"), "x.y");
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  auto watched = (*waiter)->watch(*exchange);
  REQUIRE_FALSE(watched);
  CHECK(watched.error().code == lf::Code::not_found);
}
