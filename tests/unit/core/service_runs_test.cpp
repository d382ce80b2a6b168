// The Service's run operations against the repository's example assets, a
// temporary state directory and a temporary directory laid out as CortexFS,
// with the test playing CortexFS by writing outbox files.

#include <filesystem>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include "service_fixture.hpp"

namespace fs = std::filesystem;
using lf::core::CreateRunRequest;
using lf::core::StepStatus;

namespace {

struct Fixture : lf_test::ServiceFixture {
  lf::core::RunManifest create(const std::string& id) {
    auto created = create_run(id);
    REQUIRE(created);
    return *created;
  }

  /// The request id of the step's current attempt: "<run>.<incarnation>.<step>".
  std::string request_id(const std::string& run, const std::string& step) {
    return lf::core::find_step(*service.run_get(run), step)->current.cortex.request_id;
  }

  StepStatus status(const std::string& run, const std::string& step) {
    return lf::core::find_step(*service.run_get(run), step)->current.status;
  }
};

}  // namespace

TEST_CASE("create reports every missing or mistyped input at once", "[core][service]") {
  Fixture f;
  auto created = f.service.run_create(CreateRunRequest{
      "r", "workflow.outline_draft_review", boost::json::object{{"words", "many"}}});
  REQUIRE_FALSE(created);
  CHECK(created.error().code == lf::Code::invalid_argument);
  CHECK(created.error().message.find("run input field topic is required") != std::string::npos);
  CHECK(created.error().message.find("run input field words must be a") != std::string::npos);
  CHECK_FALSE(fs::exists(f.root.path() / "state/lightflow/runs/r"));
  auto preview = f.service.run_preview(
      CreateRunRequest{"r", "workflow.outline_draft_review", boost::json::object{}});
  REQUIRE(preview);
  CHECK_FALSE(preview->ready);
}

TEST_CASE("a step is submitted only from planned and only after its dependencies succeeded",
          "[core][service]") {
  Fixture f;
  f.create("r");
  auto early = f.service.run_submit({"r", "draft", std::nullopt});
  REQUIRE_FALSE(early);
  CHECK(early.error().code == lf::Code::failed_precondition);
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  auto again = f.service.run_submit({"r", "outline", std::nullopt});
  REQUIRE_FALSE(again);
  CHECK(again.error().code == lf::Code::conflict);
  CHECK(again.error().message == "run step outline is already submitted");
  CHECK(fs::exists(f.inbox() / (f.request_id("r", "outline") + ".req.json")));
  f.answer(f.request_id("r", "outline"), "1. Night");
  REQUIRE(f.service.run_refresh("r"));
  REQUIRE(f.service.run_submit({"r", "draft", std::nullopt}));
  const std::string body =
      lf_test::read_file(f.inbox() / (f.request_id("r", "draft") + ".req.json"));
  CHECK(body.find("following this outline:\\n\\n1. Night") != std::string::npos);
  CHECK(f.service.run_submit({"r", "nope", std::nullopt}).error().code == lf::Code::not_found);
}

TEST_CASE("refresh ignores outcomes of steps that were never submitted", "[core][service]") {
  Fixture f;
  f.create("r");
  f.answer(f.request_id("r", "draft"), "stale");  // planned, never submitted
  REQUIRE(f.service.run_refresh("r"));
  CHECK(f.status("r", "draft") == StepStatus::planned);
  auto status = f.service.run_status("r");
  CHECK(status->status == lf::core::RunStatus::planned);
}

TEST_CASE("a cancelled step stays cancelled when its outcome arrives later", "[core][service]") {
  Fixture f;
  f.create("r");
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  REQUIRE(f.service.run_cancel("r"));
  f.answer(f.request_id("r", "outline"), "late");
  REQUIRE(f.service.run_refresh("r"));
  CHECK(f.status("r", "outline") == StepStatus::cancelled);
  CHECK(f.service.run_status("r")->status == lf::core::RunStatus::cancelled);
  auto submit = f.service.run_submit({"r", "draft", std::nullopt});
  CHECK(submit.error().code == lf::Code::conflict);
}

TEST_CASE("a step's answer stays readable after CortexFS removes its outbox file",
          "[core][service]") {
  Fixture f;
  f.create("r");
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  CHECK(f.service.run_output({"r", "outline"}).error().code == lf::Code::failed_precondition);
  f.answer(f.request_id("r", "outline"), "1. Night");
  REQUIRE(f.service.run_refresh("r"));
  fs::remove(f.outbox() / (f.request_id("r", "outline") + ".resp.json"));
  auto output = f.service.run_output({"r", "outline"});
  REQUIRE(output);
  CHECK(output->text == "1. Night");
  CHECK(output->response.is_object());
  CHECK(output->path.find("/outputs/") != std::string::npos);
}

TEST_CASE("retrying a failed step plans a new request and keeps the failed attempt",
          "[core][service]") {
  Fixture f;
  f.create("r");
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  CHECK(f.service.run_retry({"r", "outline"}).error().code == lf::Code::conflict);
  lf_test::write_file(f.outbox() / (f.request_id("r", "outline") + ".error"), "provider timed out");
  REQUIRE(f.service.run_refresh("r"));
  CHECK(f.status("r", "outline") == StepStatus::failed);
  auto retried = f.service.run_retry({"r", "outline"});
  REQUIRE(retried);
  const auto* step = lf::core::find_step(*retried, "outline");
  CHECK(step->current.status == StepStatus::planned);
  CHECK(step->current.number == 2);
  const std::string first = "r." + retried->incarnation + ".outline";
  CHECK(step->current.cortex.request_id == first + ".2");
  REQUIRE(step->attempts.size() == 1);
  CHECK(step->attempts[0].status == StepStatus::failed);
  CHECK(step->attempts[0].cortex.request_id == first);
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  CHECK(fs::exists(f.inbox() / (first + ".2.req.json")));
}

TEST_CASE("a submit body must be a JSON object", "[core][service]") {
  Fixture f;
  f.create("r");
  auto submitted = f.service.run_submit({"r", "outline", std::string("")});
  REQUIRE_FALSE(submitted);
  CHECK(submitted.error().code == lf::Code::invalid_argument);
  REQUIRE(f.service.run_submit({"r", "outline", std::string(R"({"messages":[]})")}));
  CHECK(lf_test::read_file(f.inbox() / (f.request_id("r", "outline") + ".req.json"))
        == R"({"messages":[]})");
}

TEST_CASE("events carry a time and a dense sequence that trace lines refer to", "[core][service]") {
  Fixture f;
  f.create("r");
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  auto events = f.service.run_events("r");
  auto trace = f.service.run_trace("r");
  REQUIRE(events->events.size() == 2);
  REQUIRE(trace->lines.size() == 1);
  CHECK(events->events[0].seq == 1);
  CHECK(events->events[0].kind == lf::core::EventKind::run_created);
  CHECK(events->events[1].seq == 2);
  CHECK(events->events[1].kind == lf::core::EventKind::step_submitted);
  CHECK(events->events[1].attempt == 1);
  // A trace line carries the seq of the event it goes with.
  CHECK(trace->lines[0].at("seq") == 2);
  CHECK(events->events[1].time.size() == 24);
  CHECK(events->last_seq == 2);
  CHECK(f.service.run_events("r", 1)->events.size() == 1);
  CHECK(f.service.run_events("r", 2)->events.empty());
  CHECK(f.service.run_events("missing").error().code == lf::Code::not_found);
  CHECK(f.service.run_get("../x").error().code == lf::Code::invalid_argument);
}

TEST_CASE("a run snapshot holds the manifest with the seq of its newest event", "[core][service]") {
  Fixture f;
  f.create("r");
  REQUIRE(f.service.run_submit({"r", "outline", std::nullopt}));
  auto snapshot = f.service.run_snapshot("r");
  REQUIRE(snapshot);
  CHECK(snapshot->manifest.run_id == "r");
  CHECK(snapshot->manifest.last_seq == f.service.run_events("r")->last_seq);
  CHECK(snapshot->summary.status == lf::core::RunStatus::running);
  CHECK(snapshot->summary.submitted_steps == 1);
  CHECK_FALSE(snapshot->finished);
  CHECK(f.service.run_snapshot("missing").error().code == lf::Code::not_found);
  CHECK(f.service.run_snapshot("../x").error().code == lf::Code::invalid_argument);
}

TEST_CASE("a run's stored request and workflow are typed", "[core][service]") {
  Fixture fx;
  fx.create("typed");
  auto stored = fx.service.run_request("typed");
  REQUIRE(stored);
  CHECK(stored->request.run_id == "typed");
  CHECK(stored->request.workflow_asset_id == "workflow.outline_draft_review");
  CHECK(stored->request.inputs.at("topic") == "owls");
  CHECK(stored->effective_inputs.at("topic") == "owls");
  const auto json = lf::core::to_json(*stored);
  CHECK(json.at("effective_inputs") == stored->effective_inputs);

  auto workflow = fx.service.run_workflow("typed");
  REQUIRE(workflow);
  CHECK(workflow->run_id == "typed");
  CHECK(workflow->workflow_asset_id == "workflow.outline_draft_review");
  CHECK(lf::core::to_json(*workflow).at("steps").is_array());
}
