#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <lightflow/core/run_types.hpp>

using lf::core::RunManifest;
using lf::core::RunStatus;
using lf::core::StepStatus;

namespace {

RunManifest with_steps(const std::vector<StepStatus>& statuses, bool cancelled) {
  RunManifest manifest;
  manifest.run_id = "r";
  manifest.cancelled = cancelled;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    lf::core::RunStepRecord step;
    step.step_id = "s" + std::to_string(i);
    step.current.status = statuses[i];
    manifest.steps.push_back(step);
  }
  return manifest;
}

}  // namespace

TEST_CASE("a run's status is derived from its steps, first matching rule wins",
          "[core][run_status]") {
  using S = StepStatus;

  struct Row {
    std::vector<StepStatus> steps;
    bool cancelled;
    RunStatus expected;
  };

  const std::vector<Row> table = {
      {{}, false, RunStatus::planned},
      {{S::planned, S::planned}, false, RunStatus::planned},
      {{S::submitted, S::planned}, false, RunStatus::running},
      {{S::succeeded, S::planned}, false, RunStatus::running},
      {{S::succeeded, S::succeeded}, false, RunStatus::succeeded},
      {{S::succeeded, S::failed, S::submitted}, false, RunStatus::failed},
      {{S::cancelled, S::succeeded}, false, RunStatus::cancelled},
      {{S::cancelled, S::planned}, false, RunStatus::planned},
      {{S::failed}, true, RunStatus::cancelled},
      {{S::succeeded, S::succeeded}, true, RunStatus::cancelled},
  };
  for (const Row& row : table) {
    const auto summary = lf::core::summarize(with_steps(row.steps, row.cancelled));
    INFO("steps " << row.steps.size() << " cancelled " << row.cancelled);
    CHECK(summary.status == row.expected);
    CHECK(summary.total_steps == row.steps.size());
  }
}

TEST_CASE("the summary counts steps by status", "[core][run_status]") {
  using S = StepStatus;
  const auto summary = lf::core::summarize(
      with_steps({S::planned, S::submitted, S::submitted, S::succeeded, S::failed}, false));
  CHECK(summary.planned_steps == 1);
  CHECK(summary.submitted_steps == 2);
  CHECK(summary.succeeded_steps == 1);
  CHECK(summary.failed_steps == 1);
  CHECK(summary.cancelled_steps == 0);
}

TEST_CASE("step status names read back as the same status", "[core][run_status]") {
  for (auto status : {StepStatus::planned,
                      StepStatus::submitted,
                      StepStatus::cancelled,
                      StepStatus::succeeded,
                      StepStatus::failed}) {
    CHECK(*lf::core::parse_step_status(lf::core::to_string(status)) == status);
  }
  CHECK_FALSE(lf::core::parse_step_status("done"));
}
