#include <string>

#include <catch2/catch.hpp>

#include <lightflow/ctxabi/ids.hpp>

using lf::ctxabi::IdKind;
using lf::ctxabi::validate_segment;
using lf::ctxabi::validate_virtual_id;

TEST_CASE("path-segment ids reject what would escape or confuse the inbox", "[ctxabi][ids]") {
  const std::string too_long(129, 'a');
  const char* rejected[] = {
      "",
      ".",
      "..",
      "node/a",
      "node.resp.json",
      "node.error",
      "a.req.json",
      "a.fingerprint",
      "a.route.json",
      "a.wait",
      "a.tmp",
  };
  for (const char* id : rejected) {
    INFO(id);
    auto ok = validate_segment(IdKind::step_id, id);
    REQUIRE_FALSE(ok);
    CHECK(ok.error().code == lf::Code::invalid_argument);
    CHECK_THAT(ok.error().message, Catch::StartsWith("invalid step_id path segment: "));
  }
  CHECK_FALSE(validate_segment(IdKind::step_id, too_long));
  CHECK_FALSE(validate_segment(IdKind::step_id, std::string("a\0b", 3)));
  CHECK_FALSE(validate_segment(IdKind::step_id, "tab\there"));
  CHECK_FALSE(validate_segment(IdKind::thread_id, ".."));
  CHECK_FALSE(validate_segment(IdKind::tool_id, ""));
}

TEST_CASE("path-segment ids accept ordinary names", "[ctxabi][ids]") {
  for (const char* id : {"draft", "plan-001", "a.b", "step with space", "ünïcode", "x.json"}) {
    INFO(id);
    CHECK(validate_segment(IdKind::step_id, id));
  }
  CHECK(validate_segment(IdKind::step_id, std::string(128, 'a')));
  CHECK(validate_segment(IdKind::request_id, std::string(240, 'a')));
  CHECK_FALSE(validate_segment(IdKind::request_id, std::string(241, 'a')));
}

TEST_CASE("channel, job and hook ids are 1-64 letters, digits, dots and dashes", "[ctxabi][ids]") {
  CHECK(validate_virtual_id(IdKind::job_id, "translate.zh"));
  CHECK(validate_virtual_id(IdKind::hook_id, "daily-translate"));
  CHECK(validate_virtual_id(IdKind::channel_id, std::string(64, 'c')));
  const std::string too_long(65, 'c');
  const std::pair<IdKind, std::string> rejected[] = {
      {IdKind::job_id, "translate_zh"},
      {IdKind::job_id, "job/name"},
      {IdKind::hook_id, "daily_translate"},
      {IdKind::hook_id, "hook/name"},
      {IdKind::channel_id, too_long},
      {IdKind::job_id, "."},
      {IdKind::job_id, ".."},
      {IdKind::channel_id, ""},
  };
  for (const auto& [kind, id] : rejected) {
    INFO(id);
    auto ok = validate_virtual_id(kind, id);
    REQUIRE_FALSE(ok);
    CHECK_THAT(ok.error().message,
               Catch::StartsWith("invalid " + std::string(lf::ctxabi::to_string(kind))
                                 + " path segment: "));
  }
}

TEST_CASE("model ids accept what real servers use", "[ctxabi][ids]") {
  for (const char* id : {"qwen2.5:7b", "Qwen2.5-7B-Instruct", "org/model", "gpt-4o-mini"}) {
    CHECK(lf::ctxabi::validate_model_id(id));
  }
  CHECK_FALSE(lf::ctxabi::validate_model_id(""));
  CHECK_FALSE(lf::ctxabi::validate_model_id("a\nb"));
  CHECK_FALSE(lf::ctxabi::validate_model_id(std::string(257, 'm')));
}

TEST_CASE("issue 2: request ids join run and step so two runs never share a file",
          "[ctxabi][ids]") {
  auto first = lf::ctxabi::make_request_id("run-a", "draft");
  auto second = lf::ctxabi::make_request_id("run-b", "draft");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first == "run-a.draft");
  CHECK(*first != *second);
  CHECK_FALSE(lf::ctxabi::make_request_id("bad/run", "draft"));
  CHECK_FALSE(lf::ctxabi::make_request_id("run", "x.error"));
  CHECK_FALSE(lf::ctxabi::make_request_id(std::string(128, 'r'), std::string(128, 's')));
}

TEST_CASE("issue 14: ids must be valid UTF-8 and errors quote them printably", "[ctxabi][ids]") {
  for (IdKind kind : {IdKind::run_id, IdKind::step_id, IdKind::request_id, IdKind::thread_id}) {
    auto ok = validate_segment(kind, "run\xff");
    REQUIRE_FALSE(ok);
    CHECK(ok.error().code == lf::Code::invalid_argument);
    CHECK_THAT(ok.error().message,
               Catch::Contains("run\\xff") && Catch::EndsWith("(must be valid UTF-8)"));
  }
  CHECK(validate_segment(IdKind::run_id, "caf\xc3\xa9"));
  CHECK_FALSE(lf::ctxabi::validate_model_id("m\xc3"));
}

TEST_CASE("issue 14: request ids carry the run's incarnation", "[ctxabi][ids]") {
  auto old_id = lf::ctxabi::make_request_id("x", "A1B2C3D4", "draft");
  auto new_id = lf::ctxabi::make_request_id("x", "E5F6G7H8", "draft");
  REQUIRE(old_id);
  REQUIRE(new_id);
  CHECK(*old_id == "x.A1B2C3D4.draft");
  CHECK(*old_id != *new_id);
  CHECK(*lf::ctxabi::make_request_id("x", "", "draft") == "x.draft");
  CHECK_FALSE(lf::ctxabi::make_request_id("x", "no.dots", "draft"));
  CHECK_FALSE(lf::ctxabi::make_request_id("x", std::string(17, 'a'), "draft"));
}
