#include <catch2/catch.hpp>

#include <lightflow/cortex/outcome.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

namespace {

lf::cortex::Exchange plan(const lf_test::TempDir& dir, const lf::cortex::Target& target) {
  const lf::ctxabi::Layout layout(dir / "ctx", 1000);
  return *lf::cortex::plan_exchange(layout, target, "r.draft");
}

}  // namespace

TEST_CASE("no outcome files means no outcome yet", "[cortex][outcome]") {
  lf_test::TempDir dir;
  auto outcome = lf::cortex::read_outcome(plan(dir, *lf::cortex::api_target("openai.chat")));
  REQUIRE(outcome);
  CHECK_FALSE(*outcome);
}

TEST_CASE("a response wins over an error and carries fingerprint and route", "[cortex][outcome]") {
  lf_test::TempDir dir;
  const auto exchange = plan(dir, *lf::cortex::api_target("openai.chat"));
  lf_test::write_file(exchange.response, "{\"choices\":[]}\n");
  lf_test::write_file(exchange.error, "{\"error\":\"late\"}\n");
  lf_test::write_file(exchange.fingerprint, "fnv1a64:abc\n");
  lf_test::write_file(*exchange.route_metadata,
                      R"({"request_id":"r.draft","format":"openai.chat","provider":"local",)"
                      R"("model":"smollm2:135m","reason":"ready","fingerprint":"fnv1a64:abc"})"
                      "\n");
  auto outcome = lf::cortex::read_outcome(exchange);
  REQUIRE(outcome);
  REQUIRE(*outcome);
  CHECK((*outcome)->kind == lf::cortex::OutcomeKind::response);
  CHECK((*outcome)->body == "{\"choices\":[]}\n");
  CHECK((*outcome)->fingerprint == "fnv1a64:abc");
  REQUIRE((*outcome)->route);
  CHECK((*outcome)->route->provider == "local");
  CHECK((*outcome)->route->model == "smollm2:135m");
  CHECK(lf::cortex::to_json(**outcome).at("status") == "response");
}

TEST_CASE("an error outcome of a tool has no route", "[cortex][outcome]") {
  lf_test::TempDir dir;
  const auto exchange = plan(dir, *lf::cortex::tool_target("filesystem.read"));
  lf_test::write_file(exchange.error, "denied\n");
  auto outcome = lf::cortex::read_outcome(exchange);
  REQUIRE(outcome);
  REQUIRE(*outcome);
  CHECK((*outcome)->kind == lf::cortex::OutcomeKind::error);
  CHECK((*outcome)->body == "denied\n");
  CHECK_FALSE((*outcome)->fingerprint);
  CHECK_FALSE((*outcome)->route);
}

TEST_CASE("a directory where an outcome file should be is an I/O error, not absence",
          "[cortex][outcome]") {
  lf_test::TempDir dir;
  const auto exchange = plan(dir, *lf::cortex::api_target("openai.chat"));
  std::filesystem::create_directories(exchange.response);
  auto outcome = lf::cortex::read_outcome(exchange);
  REQUIRE_FALSE(outcome);
  CHECK(outcome.error().code == lf::Code::io_error);
  // The file by name for any client, by path for the local user.
  CHECK_THAT(outcome.error().message, Catch::StartsWith(exchange.response.filename().string()));
  CHECK_THAT(outcome.error().local_text(), Catch::StartsWith(exchange.response.string()));
}
