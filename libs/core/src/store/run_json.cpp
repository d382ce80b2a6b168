// Serialising run records. The parser for the same forms is run_record.cpp;
// change both together and keep docs/run-store.md in step.

#include <lightflow/core/run_json.hpp>

#include "store/json_optional.hpp"

namespace lf::core {
namespace {

boost::json::array paths(const std::vector<std::filesystem::path>& list,
                         boost::json::storage_ptr storage) {
  boost::json::array array(std::move(storage));
  for (const auto& path : list) {
    array.emplace_back(path.string());
  }
  return array;
}

// The attempt fields, appended to `json` so that a step object carries its
// current attempt inline.
void append_attempt(boost::json::object& json, const StepAttempt& attempt) {
  const boost::json::storage_ptr& storage = json.storage();
  json["attempt"] = attempt.number;
  json["cortex"] = cortex::to_json(attempt.cortex, storage);
  json["status"] = to_string(attempt.status);
  json["submitted_at"] = json_or_null(attempt.submitted_at);
  json["finished_at"] = json_or_null(attempt.finished_at);
  json["submitted_request_path"] = json_or_null(attempt.submitted_request_path);
  json["response_path"] = json_or_null(attempt.response_path);
  json["error_path"] = json_or_null(attempt.error_path);
  json["provider_id"] = json_or_null(attempt.provider_id);
  json["model_id"] = json_or_null(attempt.model_id);
  json["route_decision"] = json_or_null(attempt.route_decision);
  json["fingerprint"] = json_or_null(attempt.fingerprint);
  json["output_artifacts"] = paths(attempt.output_artifacts, storage);
  if (attempt.cached_from) {
    json["cached_from"] = boost::json::object{{"run_id", attempt.cached_from->run_id},
                                              {"step_id", attempt.cached_from->step_id}};
  } else {
    json["cached_from"] = nullptr;
  }
}

}  // namespace

// Keys of a step object and of an attempt: reserving them up front spares the
// rehashes of a growing object, for thousands of steps per manifest write.
constexpr std::size_t kAttemptKeys = 14;
constexpr std::size_t kStepKeys = 7 + kAttemptKeys;

boost::json::object to_json(const StepAttempt& attempt, boost::json::storage_ptr storage) {
  boost::json::object json(std::move(storage));
  json.reserve(kAttemptKeys);
  append_attempt(json, attempt);
  return json;
}

boost::json::object to_json(const RunStepRecord& step, boost::json::storage_ptr storage) {
  boost::json::object json(storage);
  json.reserve(kStepKeys);
  json["step_id"] = step.step_id;
  json["node_or_composition_id"] = step.node_or_composition_id;
  boost::json::array depends_on(storage);
  for (const auto& id : step.depends_on) {
    depends_on.emplace_back(id);
  }
  json["depends_on"] = std::move(depends_on);
  json["request_template"] = step.request_template;
  json["timeout_ms"] =
      step.timeout_ms ? boost::json::value(*step.timeout_ms) : boost::json::value(nullptr);
  json["max_attempts"] =
      step.max_attempts ? boost::json::value(*step.max_attempts) : boost::json::value(nullptr);
  append_attempt(json, step.current);
  boost::json::array attempts(storage);
  for (const auto& attempt : step.attempts) {
    attempts.emplace_back(to_json(attempt, storage));
  }
  json["attempts"] = std::move(attempts);
  return json;
}

boost::json::object to_json(const RunManifest& manifest, boost::json::storage_ptr storage) {
  boost::json::object json(storage);
  json["format_version"] = 1;
  json["run_id"] = manifest.run_id;
  json["incarnation"] = manifest.incarnation.empty() ? boost::json::value(nullptr)
                                                     : boost::json::value(manifest.incarnation);
  json["workflow_asset_id"] = manifest.workflow_asset_id;
  json["cancelled"] = manifest.cancelled;
  json["created_at"] = manifest.created_at;
  json["updated_at"] = manifest.updated_at;
  json["last_seq"] = manifest.last_seq;
  boost::json::object hashes(storage);
  for (const auto& [id, hash] : manifest.source_hashes) {
    hashes[id] = hash;
  }
  json["source_hashes"] = std::move(hashes);
  boost::json::array steps(storage);
  for (const auto& step : manifest.steps) {
    steps.emplace_back(to_json(step, storage));
  }
  json["steps"] = std::move(steps);
  return json;
}

boost::json::object to_json(const RunSnapshot& snapshot) {
  return boost::json::object{{"manifest", to_json(snapshot.manifest)},
                             {"status", to_json(snapshot.summary)},
                             {"finished", snapshot.finished}};
}

boost::json::object to_json(const RunStatusSummary& summary) {
  boost::json::object json;
  json["run_id"] = summary.run_id;
  json["workflow_asset_id"] = summary.workflow_asset_id;
  json["status"] = to_string(summary.status);
  json["created_at"] = summary.created_at;
  json["updated_at"] = summary.updated_at;
  json["total_steps"] = summary.total_steps;
  json["planned_steps"] = summary.planned_steps;
  json["submitted_steps"] = summary.submitted_steps;
  json["cancelled_steps"] = summary.cancelled_steps;
  json["succeeded_steps"] = summary.succeeded_steps;
  json["failed_steps"] = summary.failed_steps;
  return json;
}

boost::json::object to_json(const RunListing& listing) {
  boost::json::array runs;
  for (const auto& summary : listing.runs) {
    runs.emplace_back(to_json(summary));
  }
  boost::json::array problems;
  for (const auto& problem : listing.problems) {
    boost::json::object json;
    json["run_id"] = problem.run_id;
    json["path"] = problem.path.string();
    json["code"] = to_string(problem.code);
    json["message"] = problem.message;
    problems.emplace_back(std::move(json));
  }
  boost::json::object json;
  json["runs"] = std::move(runs);
  json["problems"] = std::move(problems);
  return json;
}

}  // namespace lf::core
