// The Service's views across a run's steps: the final answers of a run, and
// what differs between two runs.

#include <map>
#include <set>
#include <utility>

#include <boost/json.hpp>

#include <lightflow/base/text_file.hpp>
#include <lightflow/core/service.hpp>

#include "planning/step_output.hpp"
#include "planning/step_request.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

using KeptRequests = std::map<std::pair<std::string, int>, std::string>;

// The body a step's current attempt committed (or was served for), if kept.
std::optional<std::string> request_copy(const KeptRequests& kept, const RunStepRecord& step) {
  const auto found = kept.find({step.step_id, step.current.number});
  return found == kept.end() ? std::nullopt : std::optional(found->second);
}

std::optional<std::string> answer(const RunStepRecord& step) {
  const auto& path = step.current.status == StepStatus::succeeded ? step.current.response_path
                                                                  : step.current.error_path;
  if (!path) {
    return std::nullopt;
  }
  auto text = base::read_text_file(*path);
  return text ? std::optional(std::move(*text)) : std::nullopt;
}

std::vector<boost::json::object> input_differences(const boost::json::value& a,
                                                   const boost::json::value& b) {
  const boost::json::object empty;
  const auto& left = a.is_object() ? a.get_object() : empty;
  const auto& right = b.is_object() ? b.get_object() : empty;
  std::set<std::string> names;
  for (const auto& member : left) {
    names.emplace(member.key());
  }
  for (const auto& member : right) {
    names.emplace(member.key());
  }
  std::vector<boost::json::object> differences;
  for (const std::string& name : names) {
    const boost::json::value* va = left.if_contains(name);
    const boost::json::value* vb = right.if_contains(name);
    if (va == nullptr || vb == nullptr || *va != *vb) {
      differences.push_back(boost::json::object{
          {"name", name},
          {"a", va ? *va : boost::json::value(nullptr)},
          {"b", vb ? *vb : boost::json::value(nullptr)},
      });
    }
  }
  return differences;
}

boost::json::value effective_inputs(const Result<StoredRunRequest>& stored) {
  if (!stored) {
    return nullptr;
  }
  return stored->effective_inputs;
}

}  // namespace

Result<FinalOutputs> Service::run_final_outputs(std::string_view run_id) const {
  auto manifest = run_get(run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  return run_final_outputs(*manifest);
}

Result<FinalOutputs> Service::run_final_outputs(const RunManifest& manifest) const {
  std::set<std::string> read_by_others;
  for (const RunStepRecord& step : manifest.steps) {
    read_by_others.insert(step.depends_on.begin(), step.depends_on.end());
  }
  FinalOutputs outputs{manifest.run_id, {}};
  for (const RunStepRecord& step : manifest.steps) {
    if (read_by_others.count(step.step_id) != 0 || step.current.status != StepStatus::succeeded) {
      continue;
    }
    auto output = read_step_output(manifest, step.step_id);
    if (!output) {
      return fail(std::move(output).error());
    }
    outputs.outputs.push_back(std::move(*output));
  }
  return outputs;
}

Result<RunDiff> Service::run_diff(std::string_view run_a, std::string_view run_b) const {
  auto a = run_get(run_a);
  auto b = run_get(run_b);
  if (!a || !b) {
    return fail(!a ? a.error() : b.error());
  }
  const RunStore store(config_.dirs.state);
  auto requests_a = store.kept_requests(a->run_id);
  auto requests_b = store.kept_requests(b->run_id);
  if (!requests_a || !requests_b) {
    return fail(!requests_a ? requests_a.error() : requests_b.error());
  }
  RunDiff diff{a->run_id, b->run_id, a->workflow_asset_id, b->workflow_asset_id, {}, {}};
  diff.inputs =
      input_differences(effective_inputs(run_request(run_a)), effective_inputs(run_request(run_b)));
  std::vector<std::string> ids;
  for (const RunManifest* manifest : {&*a, &*b}) {
    for (const RunStepRecord& step : manifest->steps) {
      if (std::find(ids.begin(), ids.end(), step.step_id) == ids.end()) {
        ids.push_back(step.step_id);
      }
    }
  }
  for (const std::string& id : ids) {
    const RunStepRecord* sa = find_step(*a, id);
    const RunStepRecord* sb = find_step(*b, id);
    StepDiff step{id, {}, {}, false, false, {}};
    if (sa != nullptr) {
      step.status_a = sa->current.status;
    }
    if (sb != nullptr) {
      step.status_b = sb->current.status;
      if (sb->current.cached_from) {
        step.cached_from_b =
            sb->current.cached_from->run_id + "/" + sb->current.cached_from->step_id;
      }
    }
    if (sa != nullptr && sb != nullptr) {
      step.request_changed = request_copy(*requests_a, *sa) != request_copy(*requests_b, *sb);
      step.output_changed = answer(*sa) != answer(*sb);
    } else {
      step.request_changed = step.output_changed = true;
    }
    diff.steps.push_back(std::move(step));
  }
  return diff;
}

}  // namespace lf::core
