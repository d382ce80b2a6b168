// Executing runs inside lfd: POST /runs/exec (create and execute),
// POST /runs/{id}/exec (continue an existing run), POST /runs/{id}/rerun.
// Each answers 202 with a Location as soon as the run is being executed; the
// execution goes on in the core's engine in this process (Service::launch_*).

#include "executions.hpp"
#include "routes.hpp"

namespace lf::lfd {

Result<core::ExecOptions> exec_options_from(const boost::json::value& body) {
  core::ExecOptions options;
  const auto* object = body.if_object();
  const auto* given = object != nullptr ? object->if_contains("options") : nullptr;
  if (given == nullptr || given->is_null()) {
    return options;
  }
  if (!given->is_object()) {
    return fail(Code::invalid_argument, "options must be a JSON object");
  }
  const auto& fields = given->get_object();
  const auto whole = [&](const char* name,
                         std::int64_t low) -> Result<std::optional<std::int64_t>> {
    const auto* value = fields.if_contains(name);
    if (value == nullptr || value->is_null()) {
      return std::optional<std::int64_t>();
    }
    if (!value->is_int64() || value->get_int64() < low) {
      return fail(
          Code::invalid_argument,
          std::string("options.") + name + " must be a whole number >= " + std::to_string(low));
    }
    return std::optional(value->get_int64());
  };
  auto parallel = whole("max_parallel", 1);
  auto timeout = whole("step_timeout_s", 1);
  auto attempts = whole("max_attempts", 1);
  for (const auto* value : {&parallel, &timeout, &attempts}) {
    if (!*value) {
      return fail(value->error());
    }
  }
  if (*parallel) {
    options.max_parallel = static_cast<std::size_t>(**parallel);
  }
  if (*timeout) {
    options.step_timeout = std::chrono::seconds(**timeout);
  }
  if (*attempts) {
    options.max_attempts = static_cast<int>(**attempts);
  }
  if (const auto* cache = fields.if_contains("cache"); cache != nullptr && !cache->is_null()) {
    if (*cache != "use" && *cache != "bypass") {
      return fail(Code::invalid_argument, "options.cache must be \"use\" or \"bypass\"");
    }
    options.cache = *cache == "use" ? core::CacheMode::use : core::CacheMode::bypass;
  }
  return options;
}

namespace {

// Answers 202 for a launched execution, or the launch's error. The
// execution goes on in the core's engine after the answer.
void answer_launch(const Call& call, Result<core::ExecutionHandle> launched) {
  if (!launched) {
    return call.fail(launched.error());
  }
  const std::string run_id = launched->run_id();
  call.server().executions.add(std::move(*launched));
  Response response =
      json_response(http::status::accepted,
                    boost::json::object{{"run_id", run_id},
                                        {"location", run_location(run_id)},
                                        {"status_url", run_location(run_id) + "/status"},
                                        {"wait_url", run_location(run_id) + "/wait"},
                                        {"events_url", run_location(run_id) + "/events?follow=1"}});
  response.set(http::field::location, run_location(run_id));
  call.respond(std::move(response));
}

Result<boost::json::value> optional_body(const Call& call) {
  if (call.request().body().empty()) {
    return boost::json::value(boost::json::object());
  }
  return call.json_body();
}

}  // namespace

void add_exec_routes(Router& router) {
  using http::verb;
  router.add(verb::post, "/runs/exec", BodyKind::json_required, [](const auto& call) {
    auto body = call->json_body();
    auto request =
        body ? create_request_from(*body) : Result<core::CreateRunRequest>(fail(body.error()));
    auto options = body ? exec_options_from(*body) : Result<core::ExecOptions>(fail(body.error()));
    if (!request || !options) {
      return call->fail(!request ? request.error() : options.error());
    }
    answer_launch(*call, call->service().launch_exec(*request, *options));
  });
  router.add(verb::post, "/runs/{run_id}/exec", BodyKind::json, [](const auto& call) {
    auto body = optional_body(*call);
    auto options = body ? exec_options_from(*body) : Result<core::ExecOptions>(fail(body.error()));
    if (!options) {
      return call->fail(options.error());
    }
    answer_launch(*call, call->service().launch_resume(call->param("run_id"), *options));
  });
  router.add(verb::post, "/runs/{run_id}/rerun", BodyKind::json, [](const auto& call) {
    auto body = optional_body(*call);
    auto options = body ? exec_options_from(*body) : Result<core::ExecOptions>(fail(body.error()));
    if (!options) {
      return call->fail(options.error());
    }
    if (!body->is_object()) {
      return call->fail(Error{Code::invalid_argument, "the request body must be a JSON object"});
    }
    core::RerunRequest request{call->param("run_id"), std::nullopt, boost::json::object()};
    const auto& fields = body->get_object();
    if (const auto* id = fields.if_contains("run_id"); id != nullptr && id->is_string()) {
      request.run_id = std::string(id->get_string());
    }
    if (const auto* patch = fields.if_contains("inputs"); patch != nullptr) {
      request.inputs_patch = *patch;
    }
    answer_launch(*call, call->service().launch_rerun(request, *options));
  });
}

}  // namespace lf::lfd
