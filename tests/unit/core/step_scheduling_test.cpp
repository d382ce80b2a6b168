#include "execution/step_scheduling.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using lf::core::ActionKind;
using lf::core::RunManifest;
using lf::core::RunStepRecord;
using lf::core::StepPolicy;
using lf::core::StepStatus;

namespace {

const auto kNow = *lf::core::parse_rfc3339("2026-11-25T08:00:00.000Z");

RunStepRecord step(std::string id,
                   StepStatus status,
                   std::vector<std::string> depends_on = {},
                   int number = 1) {
  RunStepRecord record;
  record.step_id = std::move(id);
  record.depends_on = std::move(depends_on);
  record.current.status = status;
  record.current.number = number;
  record.current.submitted_at = "2026-11-25T07:59:59.000Z";
  record.current.finished_at = "2026-11-25T07:59:59.900Z";
  return record;
}

RunManifest run(std::vector<RunStepRecord> steps) {
  RunManifest manifest;
  manifest.run_id = "r";
  manifest.steps = std::move(steps);
  return manifest;
}

std::vector<std::string> ids(const lf::core::Schedule& schedule, ActionKind kind) {
  std::vector<std::string> found;
  for (const auto& action : schedule.actions) {
    if (action.kind == kind) {
      found.push_back(action.step_id);
    }
  }
  return found;
}

StepPolicy policy(int max_attempts = 1, std::chrono::milliseconds timeout = 10min) {
  return StepPolicy{timeout, max_attempts, 500ms};
}

}  // namespace

TEST_CASE("independent steps start together up to the parallel limit", "[core][scheduler]") {
  const auto manifest = run({step("a", StepStatus::planned),
                             step("b", StepStatus::planned),
                             step("c", StepStatus::planned),
                             step("d", StepStatus::planned, {"a"})});
  const auto schedule =
      lf::core::plan_next(manifest, 2, kNow, [](const RunStepRecord&) { return policy(); });
  CHECK(ids(schedule, ActionKind::submit) == std::vector<std::string>{"a", "b"});
  CHECK(schedule.in_flight == 2);
  CHECK_FALSE(schedule.finished);
}

TEST_CASE("a step starts only once every dependency succeeded", "[core][scheduler]") {
  const auto manifest = run({step("outline", StepStatus::succeeded),
                             step("draft", StepStatus::submitted),
                             step("review", StepStatus::planned, {"outline", "draft"}),
                             step("title", StepStatus::planned, {"outline"})});
  const auto schedule =
      lf::core::plan_next(manifest, 8, kNow, [](const RunStepRecord&) { return policy(); });
  CHECK(ids(schedule, ActionKind::submit) == std::vector<std::string>{"title"});
  REQUIRE(schedule.wake_at);
}

TEST_CASE("a submitted step past its timeout is timed out", "[core][scheduler]") {
  const auto manifest = run({step("slow", StepStatus::submitted)});
  const auto schedule =
      lf::core::plan_next(manifest, 4, kNow, [](const RunStepRecord&) { return policy(1, 500ms); });
  CHECK(ids(schedule, ActionKind::time_out) == std::vector<std::string>{"slow"});
  CHECK(schedule.in_flight == 0);
}

TEST_CASE("a failed step is retried after its backoff, then the run fails", "[core][scheduler]") {
  const auto retryable = run({step("flaky", StepStatus::failed, {}, 1)});
  const auto too_early =
      lf::core::plan_next(retryable, 4, kNow - 1s, [](const RunStepRecord&) { return policy(3); });
  CHECK(too_early.actions.empty());
  REQUIRE(too_early.wake_at);
  CHECK_FALSE(too_early.finished);
  const auto due =
      lf::core::plan_next(retryable, 4, kNow + 1s, [](const RunStepRecord&) { return policy(3); });
  CHECK(ids(due, ActionKind::retry) == std::vector<std::string>{"flaky"});

  const auto exhausted = run(
      {step("flaky", StepStatus::failed, {}, 3), step("after", StepStatus::planned, {"flaky"})});
  const auto done =
      lf::core::plan_next(exhausted, 4, kNow + 1h, [](const RunStepRecord&) { return policy(3); });
  CHECK(done.actions.empty());
  CHECK(done.finished);
}

TEST_CASE("a cancelled run starts nothing and finishes", "[core][scheduler]") {
  auto manifest = run({step("a", StepStatus::cancelled), step("b", StepStatus::planned)});
  manifest.cancelled = true;
  const auto schedule =
      lf::core::plan_next(manifest, 4, kNow, [](const RunStepRecord&) { return policy(); });
  CHECK(schedule.actions.empty());
  CHECK(schedule.finished);
}

TEST_CASE("a run whose steps all succeeded is finished", "[core][scheduler]") {
  const auto manifest =
      run({step("a", StepStatus::succeeded), step("b", StepStatus::succeeded, {"a"})});
  const auto schedule =
      lf::core::plan_next(manifest, 4, kNow, [](const RunStepRecord&) { return policy(); });
  CHECK(schedule.finished);
}

TEST_CASE("recorded times parse back to the instant", "[core][scheduler]") {
  const auto parsed = lf::core::parse_rfc3339("2026-11-25T07:48:28.123Z");
  REQUIRE(parsed);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(parsed->time_since_epoch()).count()
            % 1000
        == 123);
  CHECK_FALSE(lf::core::parse_rfc3339("yesterday"));
}
