#include <cerrno>

#include <catch2/catch.hpp>

#include <lightflow/base/result.hpp>

TEST_CASE("errno maps to codes and keeps the path in the message", "[ctxabi][error]") {
  auto missing = lf::errno_error(ENOENT, "runs/abc/manifest.json");
  CHECK(missing.code == lf::Code::not_found);
  CHECK(missing.message == "runs/abc/manifest.json: No such file or directory");
  CHECK(lf::errno_error(EEXIST, "x").code == lf::Code::already_exists);
  CHECK(lf::errno_error(EIO, "x").code == lf::Code::io_error);
}

TEST_CASE("a Result holds a value or an error", "[ctxabi][error]") {
  lf::Result<int> good = 7;
  REQUIRE(good);
  CHECK(*good == 7);
  lf::Result<int> bad = lf::fail(lf::Code::timeout, "slow");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == lf::Code::timeout);
  lf::Result<void> done;
  CHECK(done.has_value());
  CHECK(lf::to_string(lf::Code::failed_precondition) == "failed_precondition");
}
