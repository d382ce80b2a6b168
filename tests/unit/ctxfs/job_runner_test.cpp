// Job specs and the translate fixture.

#include "commit/job_runner.hpp"

#include <catch2/catch.hpp>

using namespace lf::ctxfs;

TEST_CASE("the default job spec translates text with from and to", "[ctxfs][jobs]") {
  auto spec = parse_job_spec(default_job_spec());
  REQUIRE(spec);
  CHECK(run_job(*spec, "hello world\n")
        == "{\"text\":\"你好，世界\",\"from\":\"auto\",\"to\":\"zh\"}\n");
  CHECK(run_job(*spec, "anything else")
        == "{\"text\":\"anything else\",\"from\":\"auto\",\"to\":\"zh\"}\n");
}

TEST_CASE("job specs are validated", "[ctxfs][jobs]") {
  CHECK_FALSE(parse_job_spec("kind=summarise\n"));
  CHECK_FALSE(parse_job_spec("out=xml\n"));
  CHECK_FALSE(parse_job_spec("fields=\n"));
  CHECK_FALSE(parse_job_spec("fields=text,colour\n"));
  auto spec = parse_job_spec("fields=kind,input\n");
  REQUIRE(spec);
  CHECK(run_job(*spec, "x") == "{\"kind\":\"translate\",\"input\":\"x\"}\n");
}

TEST_CASE("a hook's parameters override its bound job's spec", "[ctxfs][jobs]") {
  const auto merged = hook_job_spec(default_job_spec(), "kind=job\njob=j\nto=fr\nfields=text,to\n");
  auto spec = parse_job_spec(merged);
  REQUIRE(spec);
  CHECK(run_job(*spec, "good morning") == "{\"text\":\"早上好\",\"to\":\"fr\"}\n");
  CHECK(default_hook_spec("h1") == "kind=job\njob=h1\n");
  CHECK(valid_hook_trigger("systemd.timer"));
  CHECK_FALSE(valid_hook_trigger("sometimes"));
}
