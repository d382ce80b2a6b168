#include "text_argument.hpp"

#include <catch2/catch.hpp>

#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

TEST_CASE("a text argument is the literal text, or a file's content with @", "[cli][arguments]") {
  lf_test::TempDir dir;
  lf_test::write_file(dir / "body.json", "{\"x\":1}\n");
  auto literal = lf::cli::resolve_text_argument("{\"a\":2}");
  REQUIRE(literal);
  CHECK(*literal == "{\"a\":2}");
  auto from_file = lf::cli::resolve_text_argument("@" + (dir / "body.json").string());
  REQUIRE(from_file);
  CHECK(*from_file == "{\"x\":1}\n");
  auto missing = lf::cli::resolve_text_argument("@" + (dir / "missing.json").string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == lf::Code::not_found);
  CHECK_THAT(missing.error().message, Catch::Contains("missing.json"));
}
