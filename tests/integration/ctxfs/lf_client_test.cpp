// LightFlow's own client code (lf::cortex) against a real ctxfs mount with the
// offline provider: commit, wait on many requests, read the outcomes.

#include <unistd.h>

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lightflow/cortex/commit.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/cortex/outcome.hpp>
#include <lightflow/cortex/outcome_waiter.hpp>
#include <lightflow/cortex/route_view.hpp>

#include "ctxfs_mount.hpp"

using ctxfs_test::CtxfsMount;

TEST_CASE("lf's commit code gets offline answers for api, thread and tool exchanges",
          "[ctxfs][lf]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const lf::ctxabi::Layout layout(mount.root(), static_cast<std::uint32_t>(::getuid()));
  std::vector<lf::cortex::Exchange> exchanges;
  for (auto target : {lf::cortex::api_target("openai.chat"),
                      lf::cortex::api_target("openai.responses"),
                      lf::cortex::thread_target("review"),
                      lf::cortex::tool_target("filesystem.read")}) {
    REQUIRE(target);
    auto exchange = lf::cortex::plan_exchange(layout, *target, "run1." + target->name);
    REQUIRE(exchange);
    exchanges.push_back(*exchange);
  }
  const std::vector<std::string> bodies = {ctxfs_test::chat_body("draft a plan"),
                                           "{\"input\":\"summarise\"}",
                                           ctxfs_test::chat_body("review it"),
                                           "{\"path\":\"status\"}"};
  auto waiter = lf::cortex::OutcomeWaiter::create();
  REQUIRE(waiter);
  for (std::size_t i = 0; i < exchanges.size(); ++i) {
    auto committed = lf::cortex::commit_request(mount.root(), exchanges[i], bodies[i]);
    INFO((committed ? std::string() : committed.error().message));
    REQUIRE(committed);
    REQUIRE((*waiter)->watch(exchanges[i]));
  }
  std::size_t answered = 0;
  for (int round = 0; round < 20 && answered < exchanges.size(); ++round) {
    auto ready = (*waiter)->wait(std::chrono::milliseconds(2000));
    REQUIRE(ready);
    for (const auto& id : *ready) {
      (*waiter)->unwatch(id);
      ++answered;
    }
  }
  CHECK(answered == exchanges.size());
  for (const auto& exchange : exchanges) {
    auto outcome = lf::cortex::read_outcome(exchange);
    REQUIRE(outcome);
    REQUIRE(outcome->has_value());
    INFO(exchange.request_id << ": " << (*outcome)->body);
    CHECK((*outcome)->kind == lf::cortex::OutcomeKind::response);
    CHECK((*outcome)->fingerprint.has_value());
    if (exchange.target.kind == lf::cortex::TargetKind::api) {
      REQUIRE((*outcome)->route.has_value());
      CHECK((*outcome)->route->provider == "local");
      CHECK((*outcome)->route->model == "offline");
      CHECK((*outcome)->route->reason == "ready");
    }
  }
  // A second commit of a committed id is refused, never replaces the first.
  auto again =
      lf::cortex::commit_request(mount.root(), exchanges[0], ctxfs_test::chat_body("other"));
  REQUIRE_FALSE(again);
  CHECK(again.error().code == lf::Code::already_exists);
  auto route = lf::cortex::read_route(layout, lf::ctxabi::ApiFormat::openai_chat);
  REQUIRE(route);
  REQUIRE(route->has_value());
  CHECK((*route)->provider == "local");
}
