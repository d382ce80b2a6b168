#include <boost/json.hpp>

#include <lightflow/core/execution.hpp>

#include "store/json_optional.hpp"

namespace lf::core {

boost::json::object to_json(const RunStarted& started) {
  return boost::json::object{
      {"run_id", started.run_id},
      {"status", "started"},
      {"pid", started.pid},
      {"log", started.log_path},
  };
}

boost::json::object to_json(const OwnedRunsResumed& resumed) {
  boost::json::array ids;
  for (const std::string& id : resumed.resumed) {
    ids.emplace_back(id);
  }
  boost::json::array failed;
  for (const RunProblem& problem : resumed.failed) {
    failed.emplace_back(boost::json::object{
        {"run_id", problem.run_id},
        {"code", to_string(problem.code)},
        {"message", problem.message},
    });
  }
  return boost::json::object{{"resumed", std::move(ids)}, {"failed", std::move(failed)}};
}

boost::json::object to_json(const RunDiff& diff) {
  boost::json::array inputs;
  for (const auto& input : diff.inputs) {
    inputs.emplace_back(input);
  }
  boost::json::array steps;
  boost::json::array changed;
  for (const StepDiff& step : diff.steps) {
    const auto status = [](const std::optional<StepStatus>& value) {
      return value ? boost::json::value(to_string(*value)) : boost::json::value(nullptr);
    };
    steps.emplace_back(boost::json::object{
        {"step_id", step.step_id},
        {"status_a", status(step.status_a)},
        {"status_b", status(step.status_b)},
        {"request_changed", step.request_changed},
        {"output_changed", step.output_changed},
        {"cached_from_b", json_or_null(step.cached_from_b)},
    });
    if (step.request_changed || step.output_changed || step.status_a != step.status_b) {
      changed.emplace_back(step.step_id);
    }
  }
  return boost::json::object{
      {"run_a", diff.run_a},
      {"run_b", diff.run_b},
      {"workflow_a", diff.workflow_a},
      {"workflow_b", diff.workflow_b},
      {"inputs", std::move(inputs)},
      {"changed_steps", std::move(changed)},
      {"steps", std::move(steps)},
  };
}

}  // namespace lf::core
