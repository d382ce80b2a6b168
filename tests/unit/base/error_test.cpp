#include <cerrno>

#include <catch2/catch.hpp>

#include <lightflow/base/result.hpp>

TEST_CASE("errno maps to codes, the message names the file and the detail its path",
          "[base][error]") {
  auto missing = lf::errno_error(ENOENT, "/home/u/runs/abc/manifest.json");
  CHECK(missing.code == lf::Code::not_found);
  CHECK(missing.message == "manifest.json: No such file or directory");
  CHECK(missing.detail == "/home/u/runs/abc/manifest.json: No such file or directory");
  CHECK(missing.local_text() == missing.detail);
  CHECK(missing.subject == lf::Subject::none);
  CHECK(lf::errno_error(EEXIST, "x").code == lf::Code::already_exists);
  CHECK(lf::errno_error(EIO, "x").code == lf::Code::io_error);
  // A context that is not a path stays whole, with no detail.
  auto input = lf::errno_error(EIO, "standard input");
  CHECK(input.message == "standard input: Input/output error");
  CHECK(input.detail.empty());
  CHECK(input.local_text() == input.message);
}

TEST_CASE("path_error keeps host paths out of the message", "[base][error]") {
  const std::pair<const char*, const char*> cases[] = {
      {"/var/lib/x/outputs/draft.resp.json", "draft.resp.json: gone"},
      {"runs/r1/", "r1: gone"},
      {"relative.json", "relative.json: gone"},
      {"/", "/: gone"},
  };
  for (const auto& [path, message] : cases) {
    INFO(path);
    const lf::Error error = lf::path_error(lf::Code::corruption, path, "gone");
    CHECK(error.code == lf::Code::corruption);
    CHECK(error.message == message);
  }
  CHECK(lf::path_error(lf::Code::io_error, "/a/b", "x").detail == "/a/b: x");
}

TEST_CASE("an error says what it is about without changing how it is built", "[base][error]") {
  const lf::Error plain{lf::Code::timeout, "slow"};  // the two-field form still compiles
  CHECK(plain.subject == lf::Subject::none);
  CHECK(plain.subject_id.empty());

  lf::Result<int> run = lf::fail(lf::Code::not_found, "run r9").about(lf::Subject::run, "r9");
  REQUIRE_FALSE(run);
  CHECK(run.error().subject == lf::Subject::run);
  CHECK(run.error().subject_id == "r9");
  CHECK(run.error().message == "run r9");

  lf::Result<void> step = lf::step_not_found("draft");
  CHECK(step.error().code == lf::Code::not_found);
  CHECK(step.error().message == "run step draft");
  CHECK(step.error().subject == lf::Subject::step);
  CHECK(lf::asset_not_found("node.x").error.subject == lf::Subject::asset);
  CHECK(lf::run_not_found("r").error.message == "run r");
  CHECK(lf::run_already_exists("r").error.code == lf::Code::already_exists);

  lf::Result<int> detailed =
      lf::fail(lf::Code::io_error, "manifest.json: full").with_detail("/srv/x/manifest.json: full");
  CHECK(detailed.error().local_text() == "/srv/x/manifest.json: full");
  CHECK(lf::to_string(lf::Subject::request) == "request");
}

TEST_CASE("a Result holds a value or an error", "[base][error]") {
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
