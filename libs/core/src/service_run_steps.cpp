// The Service's run operations that move steps: submit, refresh, cancel,
// retry, and reading a finished step's output. Each change runs inside
// RunStore::update, under the run's lock.

#include <boost/json.hpp>

#include <lightflow/core/service.hpp>
#include <lightflow/cortex/commit.hpp>

#include "request_template.hpp"
#include "run_id.hpp"
#include "run_planner.hpp"
#include "run_store.hpp"
#include "step_output.hpp"
#include "text_file.hpp"
#include "timestamp.hpp"

namespace lf::core {
namespace {

Result<RunStepRecord*> step_of(RunManifest& manifest, std::string_view step_id) {
  RunStepRecord* step = find_step(manifest, step_id);
  if (step == nullptr) {
    return fail(Code::not_found, "run step " + std::string(step_id));
  }
  return step;
}

std::string output_name(const RunStepRecord& step, std::string_view what) {
  return step.step_id + "." + std::to_string(step.current.number) + "." + std::string(what);
}

// The assistant texts of the steps `request_template` reads.
Result<std::map<std::string, std::string>> step_texts(const RunManifest& manifest,
                                                      const boost::json::value& request_template) {
  auto placeholders = template_placeholders(request_template);
  if (!placeholders) {
    return fail(std::move(placeholders).error());
  }
  std::map<std::string, std::string> texts;
  for (const auto& placeholder : *placeholders) {
    const RunStepRecord* source = find_step(manifest, placeholder.name);
    if (placeholder.source == assets::Placeholder::Source::input || source == nullptr
        || texts.count(placeholder.name) != 0 || !source->current.response_path) {
      continue;  // render_request reports what stays missing
    }
    auto body = read_text_file(*source->current.response_path);
    if (!body) {
      return fail(std::move(body).error());
    }
    if (auto text = assistant_text(*body)) {
      texts[placeholder.name] = std::move(*text);
    }
  }
  return texts;
}

Result<std::string> request_body(const RunStore& store,
                                 const RunManifest& manifest,
                                 const RunStepRecord& step,
                                 const std::optional<std::string>& given) {
  if (given) {
    boost::system::error_code ec;
    const auto parsed = boost::json::parse(*given, ec);
    if (ec || !parsed.is_object()) {
      return fail(Code::invalid_argument,
                  "the request body for step " + step.step_id + " must be a JSON object");
    }
    return *given;
  }
  if (step.request_template.is_null()) {
    return fail(Code::invalid_argument,
                "no request body provided and step " + step.step_id
                    + " does not declare a request template");
  }
  auto request = store.read_document(manifest.run_id, "request.json");
  if (!request) {
    return fail(std::move(request).error());
  }
  TemplateValues values;
  if (const auto* inputs =
          request->is_object() ? request->get_object().if_contains("effective_inputs") : nullptr;
      inputs != nullptr && inputs->is_object()) {
    values.inputs = inputs->get_object();
  }
  auto texts = step_texts(manifest, step.request_template);
  if (!texts) {
    return fail(std::move(texts).error());
  }
  values.step_texts = std::move(*texts);
  auto rendered = render_request(step.request_template, values);
  if (!rendered) {
    return fail(
        Error{rendered.error().code, "step " + step.step_id + ": " + rendered.error().message});
  }
  return boost::json::serialize(*rendered);
}

Result<void> check_submittable(const RunManifest& manifest, const RunStepRecord& step) {
  if (step.current.status != StepStatus::planned) {
    return fail(
        Code::conflict,
        "run step " + step.step_id + " is already " + std::string(to_string(step.current.status)));
  }
  for (const auto& id : step.depends_on) {
    const RunStepRecord* dependency = find_step(manifest, id);
    const StepStatus status = dependency ? dependency->current.status : StepStatus::planned;
    if (status != StepStatus::succeeded) {
      return fail(Code::failed_precondition,
                  "run step " + step.step_id + " depends on " + id + ", which is "
                      + std::string(to_string(status)));
    }
  }
  return {};
}

// A commit that already happened (the process died before recording it) is
// recognised by its identical body, so submitting again recovers.
Result<std::filesystem::path> commit(const ServiceConfig& config,
                                     const cortex::Exchange& exchange,
                                     const std::string& body) {
  auto committed = cortex::commit_request(config.ctx.mount(), exchange, body);
  if (!committed && committed.error().code == Code::already_exists) {
    auto existing = read_text_file(exchange.commit_request);
    if (existing && *existing == body) {
      return exchange.commit_request;
    }
  }
  return committed;
}

Result<RunChanges> submit_step(const ServiceConfig& config,
                               const RunStore& store,
                               RunManifest& manifest,
                               const SubmitStepRequest& request) {
  auto step = step_of(manifest, request.step_id);
  if (!step) {
    return fail(std::move(step).error());
  }
  RunStepRecord& record = **step;
  if (auto ok = check_submittable(manifest, record); !ok) {
    return fail(std::move(ok).error());
  }
  auto body = request_body(store, manifest, record, request.body);
  if (!body) {
    return fail(std::move(body).error());
  }
  auto copy = store.write_output(manifest.run_id, output_name(record, "request.json"), *body);
  if (!copy) {
    return fail(std::move(copy).error());
  }
  auto committed = commit(config, record.current.cortex, *body);
  if (!committed) {
    return fail(std::move(committed).error());
  }
  StepAttempt& attempt = record.current;
  attempt.status = StepStatus::submitted;
  attempt.submitted_at = now_rfc3339();
  attempt.submitted_request_path = *committed;
  attempt.output_artifacts.push_back(*copy);
  RunChanges changes{true, {}, {}};
  changes.events.push_back(LogEntry{"step.submitted", record.step_id, committed->string()});
  changes.trace.push_back(
      LogEntry{"cortex.request.committed", record.step_id, committed->string()});
  return changes;
}

}  // namespace

Result<RunManifest> Service::run_submit(const SubmitStepRequest& request) const {
  if (auto ok = validate_run_id(request.run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const RunStore store(config_.dirs.state);
  return store.update(request.run_id, [&](RunManifest& manifest) {
    return submit_step(config_, store, manifest, request);
  });
}

Result<RunManifest> Service::run_cancel(std::string_view run_id) const {
  if (auto ok = validate_run_id(run_id); !ok) {
    return fail(std::move(ok).error());
  }
  return RunStore(config_.dirs.state)
      .update(run_id, [](RunManifest& manifest) -> Result<RunChanges> {
        RunChanges changes;
        for (RunStepRecord& step : manifest.steps) {
          const StepStatus status = step.current.status;
          if (status == StepStatus::planned || status == StepStatus::submitted) {
            step.current.status = StepStatus::cancelled;
            step.current.finished_at = now_rfc3339();
            changes.events.push_back(LogEntry{"step.cancelled", step.step_id, std::nullopt});
          }
        }
        if (!manifest.cancelled || !changes.events.empty()) {
          manifest.cancelled = true;
          changes.changed = true;
          changes.events.insert(changes.events.begin(),
                                LogEntry{"run.cancelled", std::nullopt, std::nullopt});
        }
        return changes;
      });
}

Result<RunManifest> Service::run_retry(const StepRef& ref) const {
  if (auto ok = validate_run_id(ref.run_id); !ok) {
    return fail(std::move(ok).error());
  }
  const ctxabi::Layout& layout = config_.ctx;
  return RunStore(config_.dirs.state)
      .update(ref.run_id, [&](RunManifest& manifest) -> Result<RunChanges> {
        auto step = step_of(manifest, ref.step_id);
        if (!step) {
          return fail(std::move(step).error());
        }
        RunStepRecord& record = **step;
        if (manifest.cancelled) {
          return fail(Code::failed_precondition, "run " + manifest.run_id + " was cancelled");
        }
        if (record.current.status != StepStatus::failed) {
          return fail(Code::conflict,
                      "run step " + record.step_id + " is "
                          + std::string(to_string(record.current.status))
                          + "; only a failed step can be retried");
        }
        const int number = record.current.number + 1;
        auto request_id = attempt_request_id(manifest.run_id, record.step_id, number);
        if (!request_id) {
          return fail(std::move(request_id).error());
        }
        auto exchange = cortex::plan_exchange(layout, record.current.cortex.target, *request_id);
        if (!exchange) {
          return fail(std::move(exchange).error());
        }
        record.attempts.push_back(std::move(record.current));
        record.current = StepAttempt{};
        record.current.number = number;
        record.current.cortex = std::move(*exchange);
        RunChanges changes{true, {}, {}};
        changes.events.push_back(LogEntry{"step.retried", record.step_id, *request_id});
        return changes;
      });
}

Result<StepOutput> Service::run_output(const StepRef& ref) const {
  auto manifest = run_get(ref.run_id);
  if (!manifest) {
    return fail(std::move(manifest).error());
  }
  const RunStepRecord* step = find_step(*manifest, ref.step_id);
  if (step == nullptr) {
    return fail(Code::not_found, "run step " + ref.step_id);
  }
  const StepAttempt& attempt = step->current;
  const auto& path =
      attempt.status == StepStatus::succeeded ? attempt.response_path : attempt.error_path;
  if (!path || (attempt.status != StepStatus::succeeded && attempt.status != StepStatus::failed)) {
    return fail(Code::failed_precondition,
                "run step " + step->step_id + " has no output yet (it is "
                    + std::string(to_string(attempt.status)) + ")");
  }
  auto raw = read_text_file(*path);
  if (!raw) {
    return fail(std::move(raw).error());
  }
  StepOutput output{ref.run_id,
                    step->step_id,
                    attempt.number,
                    attempt.status,
                    path->string(),
                    std::nullopt,
                    nullptr,
                    std::move(*raw)};
  boost::system::error_code ec;
  output.response = boost::json::parse(output.raw, ec);
  if (ec) {
    output.response = nullptr;
  }
  if (attempt.status == StepStatus::succeeded) {
    output.text = assistant_text(output.raw);
  }
  return output;
}

}  // namespace lf::core
