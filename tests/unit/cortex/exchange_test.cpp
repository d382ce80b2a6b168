#include <catch2/catch.hpp>

#include <lightflow/cortex/exchange.hpp>

using lf::cortex::plan_exchange;

namespace {
const lf::ctxabi::Layout kLayout("/ctx", 1000);
}

TEST_CASE("an api exchange names every file of the request", "[cortex][exchange]") {
  auto target = lf::cortex::api_target("openai.responses");
  REQUIRE(target);
  auto exchange = plan_exchange(kLayout, *target, "plan-001");
  REQUIRE(exchange);
  const std::string out = "/ctx/home/1000/api/openai.responses/outbox/";
  CHECK(exchange->inbox_dir == "/ctx/home/1000/api/openai.responses/inbox");
  CHECK(exchange->outbox_dir == "/ctx/home/1000/api/openai.responses/outbox");
  CHECK(exchange->staged_request == "/ctx/home/1000/api/openai.responses/inbox/plan-001.tmp");
  CHECK(exchange->commit_request == "/ctx/home/1000/api/openai.responses/inbox/plan-001.req.json");
  CHECK(exchange->response == out + "plan-001.resp.json");
  CHECK(exchange->error == out + "plan-001.error");
  CHECK(exchange->fingerprint == out + "plan-001.fingerprint");
  CHECK(exchange->wait == out + "plan-001.wait");
  REQUIRE(exchange->route_metadata);
  CHECK(*exchange->route_metadata == out + "plan-001.route.json");
  auto json = lf::cortex::to_json(*exchange);
  CHECK(json.at("target").as_object().at("format") == "openai.responses");
  CHECK(json.at("request_id") == "plan-001");
}

TEST_CASE("a tool exchange is shared by all uids and has no route record", "[cortex][exchange]") {
  auto target = lf::cortex::tool_target("filesystem.read");
  REQUIRE(target);
  auto exchange = plan_exchange(kLayout, *target, "read-file");
  REQUIRE(exchange);
  CHECK(exchange->commit_request == "/ctx/tool/filesystem.read/invoke/inbox/read-file.req.json");
  CHECK(exchange->response == "/ctx/tool/filesystem.read/invoke/outbox/read-file.resp.json");
  CHECK_FALSE(exchange->route_metadata);
  CHECK(lf::cortex::to_json(*exchange).at("route_metadata").is_null());
}

TEST_CASE("a thread exchange answers into its own inbox", "[cortex][exchange]") {
  auto target = lf::cortex::thread_target("design-review");
  REQUIRE(target);
  auto exchange = plan_exchange(kLayout, *target, "turn-1");
  REQUIRE(exchange);
  CHECK(exchange->commit_request == "/ctx/home/1000/thread/design-review/inbox/turn-1.req.json");
  CHECK(exchange->outbox_dir == exchange->inbox_dir);
  CHECK_FALSE(exchange->route_metadata);
}

TEST_CASE("bad targets and request ids are refused before any path exists", "[cortex][exchange]") {
  CHECK_FALSE(lf::cortex::api_target("openai-chat"));
  CHECK_FALSE(lf::cortex::tool_target(""));
  CHECK_FALSE(lf::cortex::thread_target(".."));
  auto target = lf::cortex::api_target("openai.chat");
  REQUIRE(target);
  for (const char* id : {"node/a", "node.resp.json", "node.error", ".."}) {
    INFO(id);
    CHECK_FALSE(plan_exchange(kLayout, *target, id));
  }
}

TEST_CASE("targets round-trip through their JSON form", "[cortex][exchange]") {
  for (auto target : {lf::cortex::api_target("openai.chat"),
                      lf::cortex::tool_target("t.x"),
                      lf::cortex::thread_target("th")}) {
    REQUIRE(target);
    auto back = lf::cortex::target_from_json(lf::cortex::to_json(*target));
    REQUIRE(back);
    CHECK(*back == *target);
  }
  CHECK_FALSE(lf::cortex::target_from_json(boost::json::object{{"kind", "queue"}}));
  CHECK_FALSE(lf::cortex::target_from_json(boost::json::object{{"kind", "api"}}));
}
