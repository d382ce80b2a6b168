// What the Service's errors say they are about: a missing run, a missing step
// of an existing run and a missing asset are all not_found, and only the
// subject tells them apart. A file the run's own record names that is gone is
// corruption. Messages carry no host paths; details do.

#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/error_mapping.hpp>
#include <lightflow/core/service.hpp>

#include "service_fixture.hpp"
#include <lf_test/files.hpp>

namespace fs = std::filesystem;
using lf::Code;
using lf::Subject;
using lf::core::CreateRunRequest;

namespace {

struct Fixture : lf_test::ServiceFixture {
  void create(const std::string& id) { REQUIRE(create_run(id)); }

  // Plays CortexFS: the outline step's request is answered.
  void finish_outline(const std::string& id) {
    REQUIRE(service.run_submit({id, "outline", std::nullopt}));
    // The request id carries the run's incarnation: read it from the record.
    auto manifest = service.run_get(id);
    REQUIRE(manifest);
    std::string request_id;
    for (const auto& step : manifest->steps) {
      if (step.step_id == "outline") {
        request_id = step.current.cortex.request_id;
      }
    }
    REQUIRE_FALSE(request_id.empty());
    answer(request_id, "1. Night");
    REQUIRE(service.run_refresh(id));
  }
};

bool mentions(const std::string& text, const fs::path& path) {
  return text.find(path.string()) != std::string::npos;
}

}  // namespace

TEST_CASE("a missing run, a missing step and a missing asset differ by subject", "[core][errors]") {
  Fixture f;
  f.create("r");

  auto no_run = f.service.run_output({"gone", "outline"});
  REQUIRE_FALSE(no_run);
  CHECK(no_run.error().code == Code::not_found);
  CHECK(no_run.error().subject == Subject::run);
  CHECK(no_run.error().subject_id == "gone");

  auto no_step = f.service.run_output({"r", "nope"});
  REQUIRE_FALSE(no_step);
  CHECK(no_step.error().code == Code::not_found);
  CHECK(no_step.error().subject == Subject::step);
  CHECK(no_step.error().subject_id == "nope");

  auto no_asset = f.service.run_preview(
      CreateRunRequest{"r2", "workflow.does_not_exist", boost::json::object{}});
  REQUIRE_FALSE(no_asset);
  CHECK(no_asset.error().code == Code::not_found);
  CHECK(no_asset.error().subject == Subject::asset);
  CHECK(no_asset.error().subject_id == "workflow.does_not_exist");

  // The same three through every operation that names a run or a step.
  CHECK(f.service.run_get("gone").error().subject == Subject::run);
  CHECK(f.service.run_events("gone").error().subject == Subject::run);
  CHECK(f.service.run_delete("gone").error().subject == Subject::run);
  CHECK(f.service.run_submit({"r", "nope", std::nullopt}).error().subject == Subject::step);
  CHECK(f.service.run_retry({"r", "nope"}).error().subject == Subject::step);
}

TEST_CASE("a taken run id is already_exists about that run", "[core][errors]") {
  Fixture f;
  f.create("r");
  auto again = f.service.run_create(
      CreateRunRequest{"r", "workflow.outline_draft_review", boost::json::object{{"topic", "x"}}});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Code::already_exists);
  CHECK(again.error().message == "run r already exists");
  CHECK(again.error().subject == Subject::run);
  CHECK(again.error().subject_id == "r");
}

TEST_CASE("an answer the run recorded but that is gone is corruption, not not_found",
          "[core][errors]") {
  Fixture f;
  f.create("r");
  f.finish_outline("r");
  auto output = f.service.run_output({"r", "outline"});
  REQUIRE(output);
  fs::remove(output->path);

  auto missing = f.service.run_output({"r", "outline"});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Code::corruption);
  CHECK(missing.error().subject == Subject::step);
  CHECK(missing.error().subject_id == "outline");
  // The message names the file only; the local detail has the whole path.
  CHECK_FALSE(mentions(missing.error().message, f.root.path()));
  CHECK(mentions(missing.error().detail, output->path));
}

TEST_CASE("a run document that is missing is corruption of that run", "[core][errors]") {
  Fixture f;
  f.create("r");
  fs::remove(f.run_dir("r") / "request.json");
  auto request = f.service.run_request("r");
  REQUIRE_FALSE(request);
  CHECK(request.error().code == Code::corruption);
  CHECK(request.error().subject == Subject::run);
  CHECK(request.error().message == "request.json: recorded by the run but missing");
  CHECK(mentions(request.error().detail, f.run_dir("r") / "request.json"));
  CHECK(f.service.run_request("other").error().code == Code::not_found);
}

TEST_CASE("the JSON of an error shows code, message and subject, the detail only locally",
          "[core][errors]") {
  Fixture f;
  f.create("r");
  fs::remove(f.run_dir("r") / "resolved_workflow.json");
  const lf::Error error = f.service.run_workflow("r").error();
  const auto remote = lf::core::to_json(error);
  CHECK(remote.at("code") == "corruption");
  CHECK(remote.at("message") == "resolved_workflow.json: recorded by the run but missing");
  CHECK(remote.at("subject") == boost::json::object{{"kind", "run"}, {"id", "r"}});
  CHECK_FALSE(remote.contains("detail"));
  CHECK(boost::json::serialize(remote).find(f.root.path().string()) == std::string::npos);
  const auto local = lf::core::to_json(error, lf::core::ErrorDetail::include);
  CHECK(mentions(std::string(local.at("detail").as_string()), f.run_dir("r")));
  CHECK(lf::core::to_json(lf::Error{Code::timeout, "slow"}).at("subject").is_null());
}

TEST_CASE("library messages use no lf command-line wording", "[core][errors]") {
  Fixture f;
  f.create("r");
  const lf::Error errors[] = {
      f.service.run_get("gone").error(),
      f.service.run_submit({"r", "draft", std::nullopt}).error(),
      f.service.run_output({"r", "outline"}).error(),
      f.service.run_retry({"r", "outline"}).error(),
      f.service.run_create(CreateRunRequest{"r", "workflow.outline_draft_review", {}}).error(),
  };
  for (const lf::Error& error : errors) {
    INFO(error.message);
    CHECK(error.message.find("lf run") == std::string::npos);
    CHECK(error.message.find("lf assets") == std::string::npos);
    CHECK(error.message.find("--") == std::string::npos);
  }
}

TEST_CASE("a second commit of one request id is already_exists about that request",
          "[core][errors]") {
  Fixture f;
  const lf::core::ExchangeRequest request{
      lf::cortex::TargetKind::api, "openai.chat", "draft", std::string("r1")};
  REQUIRE(f.service.ctx_commit(request, "{}"));
  auto again = f.service.ctx_commit(request, "{}");
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Code::already_exists);
  CHECK(again.error().subject == Subject::request);
  CHECK(again.error().subject_id == "r1.draft");
}
