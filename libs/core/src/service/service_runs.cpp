// The Service's run operations that plan, create, read and delete runs (lf run
// preview|create|list|get|status|request|workflow|events|trace|delete). The
// operations that move steps are in service_run_steps.cpp.

#include <unistd.h>

#include <boost/json.hpp>

#include <lightflow/assets/asset_json.hpp>
#include <lightflow/core/service.hpp>

#include "execution/execution_registry.hpp"
#include "execution/executor_lock.hpp"
#include "planning/run_preparation.hpp"
#include "planning/source_hashes.hpp"
#include "planning/step_request.hpp"
#include "store/run_id.hpp"
#include "store/run_record.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

constexpr int kGeneratedIdAttempts = 3;

// Run inputs are kept in request.json and read whole by every step that
// renders a request, so they have a limit (docs/run-store.md).
Result<void> check_inputs_size(const CreateRunRequest& request) {
  const std::size_t size = boost::json::serialize(request.inputs).size();
  if (size > kMaxInputsBytes) {
    return fail(Code::invalid_argument,
                "run inputs are " + std::to_string(size) + " bytes of JSON; the limit is "
                    + std::to_string(kMaxInputsBytes) + " bytes (1 MiB)");
  }
  return {};
}

Result<std::string> chosen_run_id(const CreateRunRequest& request) {
  if (auto ok = check_inputs_size(request); !ok) {
    return fail(std::move(ok).error());
  }
  if (!request.run_id) {
    return generate_run_id(request.workflow_asset_id, std::chrono::system_clock::now());
  }
  if (auto ok = validate_run_id(*request.run_id); !ok) {
    return fail(std::move(ok).error());
  }
  return *request.run_id;
}

std::string joined(const std::vector<std::string>& issues) {
  std::string out;
  for (const auto& issue : issues) {
    out += out.empty() ? "" : "; ";
    out += issue;
  }
  return out;
}

// The inputs templates read at submit are what was given plus the workflow's
// defaults. request.json keeps the given inputs once and, beside them, only
// the defaults ("input_defaults"), so that large inputs are not stored twice.
void store_input_defaults(boost::json::object& stored,
                          const boost::json::value& given,
                          boost::json::object effective) {
  const boost::json::object* inputs = given.if_object();
  boost::json::object defaults;
  bool only_added = inputs != nullptr && inputs->size() <= effective.size();
  for (const auto& [key, value] : effective) {
    const boost::json::value* original = inputs ? inputs->if_contains(key) : nullptr;
    if (original == nullptr) {
      defaults[key] = value;
    } else if (*original != value) {
      only_added = false;  // a value changed, not added
    }
  }
  only_added = only_added && inputs->size() + defaults.size() == effective.size();
  if (!only_added) {
    stored["effective_inputs"] = std::move(effective);  // every input as templates see it
  } else if (!defaults.empty()) {
    stored["input_defaults"] = std::move(defaults);
  }
}

NewRun new_run(const CreateRunRequest& request,
               std::string_view run_id,
               std::string incarnation,
               PreparedRun prepared) {
  NewRun run;
  run.manifest.run_id = std::string(run_id);
  run.manifest.incarnation = std::move(incarnation);
  run.manifest.workflow_asset_id = request.workflow_asset_id;
  run.manifest.steps = std::move(prepared.plan.steps);
  run.manifest.source_hashes =
      hash_sources(prepared.workflow.sources, request.workflow_asset_id, run.manifest.steps);
  boost::json::object stored = to_json(request);
  store_input_defaults(stored, request.inputs, std::move(prepared.inputs));
  run.request = std::move(stored);
  run.resolved_workflow = assets::to_json(prepared.workflow.definition);
  run.events.push_back(EventEntry{EventKind::run_created, std::nullopt, request.workflow_asset_id});
  return run;
}

Result<RunLog> read_log(const RunStore& store, std::string_view run_id, std::string_view name) {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  auto text = store.read_log(run_id, name);
  if (!text) {
    return fail(std::move(text).error());
  }
  RunLog log;
  log.run_id = std::string(run_id);
  std::string_view rest = *text;
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty()) {
      continue;
    }
    boost::system::error_code ec;
    auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      ++log.skipped_lines;  // a line torn by a crash
      continue;
    }
    log.lines.push_back(std::move(value));
  }
  return log;
}

Result<boost::json::object> read_object(const RunStore& store,
                                        std::string_view run_id,
                                        std::string_view name) {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  auto document = store.read_document(run_id, name);
  if (!document) {
    return fail(std::move(document).error());
  }
  if (!document->is_object()) {
    return fail(path_error(Code::corruption,
                           (store.run_dir(run_id) / std::string(name)).string(),
                           "not a JSON object")
                    .about(Subject::run, run_id));
  }
  return std::move(document->get_object());
}

}  // namespace

Result<RunPreview> Service::run_preview(const CreateRunRequest& request) const {
  auto run_id = chosen_run_id(request);
  if (!run_id) {
    return fail(std::move(run_id).error());
  }
  // A preview shows request ids of an incarnation no run will have: each
  // creation draws its own.
  auto prepared = prepare_run(config_, request, *run_id, new_incarnation());
  if (!prepared) {
    return fail(std::move(prepared).error());
  }
  RunPreview preview;
  preview.run_id = *run_id;
  preview.workflow = assets::to_json(prepared->workflow.record);
  preview.definition = assets::to_json(prepared->workflow.definition);
  preview.ready = prepared->issues.empty();
  preview.issues = prepared->issues;
  for (auto& step : prepared->plan.steps) {
    boost::json::value rendered = preview_request(step, prepared->inputs);
    preview.steps.push_back(StepPreview{std::move(step), std::move(rendered)});
  }
  preview.inputs = std::move(prepared->inputs);
  return preview;
}

Result<CachedManifest> create_run(const ServiceConfig& config, const CreateRunRequest& request) {
  RunStore store(config.dirs.state);
  for (int attempt = 1;; ++attempt) {
    auto run_id = chosen_run_id(request);
    if (!run_id) {
      return fail(std::move(run_id).error());
    }
    // The cheap check first, as the reference did: an existing id is a
    // already_exists whatever the workflow says. create() decides races for real.
    if (request.run_id && ::access(store.run_dir(*run_id).c_str(), F_OK) == 0) {
      return run_already_exists(*run_id);
    }
    std::string incarnation = new_incarnation();
    auto prepared = prepare_run(config, request, *run_id, incarnation);
    if (!prepared) {
      return fail(std::move(prepared).error());
    }
    if (!prepared->issues.empty()) {
      return fail(Code::invalid_argument, joined(prepared->issues));
    }
    auto created =
        store.create(new_run(request, *run_id, std::move(incarnation), std::move(*prepared)));
    // Two generated ids can only collide by chance; a fresh one settles it.
    const bool retry = !created && created.error().code == Code::already_exists && !request.run_id
                       && attempt < kGeneratedIdAttempts;
    if (!retry) {
      return created;
    }
  }
}

Result<RunManifest> Service::run_create(const CreateRunRequest& request) const {
  auto created = create_run(config_, request);
  if (!created) {
    return fail(std::move(created).error());
  }
  return std::move(created->manifest);
}

Result<RunListing> Service::run_list() const {
  return RunStore(config_.dirs.state).list();
}

Result<RunManifest> Service::run_get(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  return RunStore(config_.dirs.state).read(run_id);
}

Result<std::shared_ptr<const std::string>> Service::run_get_json(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  return RunStore(config_.dirs.state).read_json(run_id);
}

Result<RunStatusSummary> Service::run_status(std::string_view run_id) const {
  auto manifest = run_get(run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  return summarize(*manifest);
}

Result<StoredRunRequest> Service::run_request(std::string_view run_id) const {
  const RunStore store(config_.dirs.state);
  auto document = read_object(store, run_id, "request.json");
  if (!document) {
    return fail(std::move(document).error());
  }
  StoredRunRequest stored;
  stored.effective_inputs = run_inputs(*document);
  const boost::json::value* workflow = document->if_contains("workflow_asset_id");
  if (workflow == nullptr || !workflow->is_string()) {
    return fail(path_error(Code::corruption,
                           (store.run_dir(run_id) / "request.json").string(),
                           "names no workflow")
                    .about(Subject::run, run_id));
  }
  stored.request.workflow_asset_id = std::string(workflow->get_string());
  if (const auto* id = document->if_contains("run_id"); id != nullptr && id->is_string()) {
    stored.request.run_id = std::string(id->get_string());
  }
  if (const auto* inputs = document->if_contains("inputs"); inputs != nullptr) {
    stored.request.inputs = *inputs;
  }
  return stored;
}

Result<RunWorkflow> Service::run_workflow(std::string_view run_id) const {
  auto document = read_object(RunStore(config_.dirs.state), run_id, "resolved_workflow.json");
  if (!document) {
    return fail(std::move(document).error());
  }
  RunWorkflow workflow{std::string(run_id), {}, std::move(*document)};
  if (const auto* id = workflow.definition.if_contains("id"); id != nullptr && id->is_string()) {
    workflow.workflow_asset_id = std::string(id->get_string());
  }
  return workflow;
}

Result<RunLog> Service::run_trace(std::string_view run_id) const {
  return read_log(RunStore(config_.dirs.state), run_id, "trace.jsonl");
}

Result<RunDeleted> Service::run_delete(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  const std::filesystem::path run_dir = store.run_dir(run_id);
  if (::access((run_dir / "manifest.json").c_str(), F_OK) != 0) {
    return run_not_found(run_id);
  }
  // Holding the executor lock while deleting keeps any executor from taking
  // the run meanwhile; failing to take it means one drives the run now.
  auto executor = registry_->find(run_id) == nullptr
                      ? ExecutorLock::try_acquire(run_dir)
                      : Result<ExecutorLock>(fail(Code::conflict, ""));
  if (!executor) {
    if (executor.error().code != Code::conflict) {
      return fail(std::move(executor).error());
    }
    return fail(Code::conflict,
                "run " + std::string(run_id) + " is being executed; cancel it before deleting it");
  }
  if (auto ok = store.remove(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  return RunDeleted{std::string(run_id)};
}

}  // namespace lf::core
