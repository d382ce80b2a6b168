#include <catch2/catch.hpp>

#include <lightflow/cortex/route_view.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using lf::ctxabi::ApiFormat;

TEST_CASE("the current route is read from the route files, without their newlines",
          "[cortex][route]") {
  lf_test::TempDir dir;
  const lf::ctxabi::Layout layout(dir / "ctx", 1000);
  const auto route_dir = layout.route_dir(ApiFormat::openai_chat);
  lf_test::write_file(route_dir / "provider", "local\n");
  lf_test::write_file(route_dir / "model", "offline\n");
  lf_test::write_file(route_dir / "reason", "ready\n");
  auto route = lf::cortex::read_route(layout, ApiFormat::openai_chat);
  REQUIRE(route);
  REQUIRE(*route);
  CHECK((*route)->provider == "local");
  CHECK((*route)->model == "offline");
  CHECK((*route)->reason == "ready");
}

TEST_CASE("a tree without route files has no current route", "[cortex][route]") {
  lf_test::TempDir dir;
  const lf::ctxabi::Layout layout(dir / "ctx", 1000);
  auto route = lf::cortex::read_route(layout, ApiFormat::openai_responses);
  REQUIRE(route);
  CHECK_FALSE(*route);
}
