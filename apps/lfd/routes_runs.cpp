// The run record routes: list, create, preview, read, submit, refresh,
// cancel, output, retry, delete, diff, events and trace.

#include "routes.hpp"

namespace lf::lfd {

std::string run_location(std::string_view run_id) {
  return "/runs/" + std::string(run_id);
}

Result<core::CreateRunRequest> create_request_from(const boost::json::value& body) {
  const auto* object = body.if_object();
  if (object == nullptr) {
    return fail(Code::invalid_argument, "the request body must be a JSON object");
  }
  core::CreateRunRequest request;
  const auto* workflow = object->if_contains("workflow_asset_id");
  if (workflow == nullptr || !workflow->is_string()) {
    return fail(Code::invalid_argument, "workflow_asset_id (a string) is required");
  }
  request.workflow_asset_id = std::string(workflow->get_string());
  if (const auto* id = object->if_contains("run_id"); id != nullptr && !id->is_null()) {
    if (!id->is_string()) {
      return fail(Code::invalid_argument, "run_id must be a string or null");
    }
    request.run_id = std::string(id->get_string());
  }
  if (const auto* inputs = object->if_contains("inputs"); inputs != nullptr && !inputs->is_null()) {
    if (!inputs->is_object()) {
      return fail(Code::invalid_argument, "inputs must be a JSON object");
    }
    request.inputs = *inputs;
  }
  return request;
}

namespace {

void created(const Call& call, const Result<core::RunManifest>& manifest) {
  if (!manifest) {
    call.fail(manifest.error());
    return;
  }
  Response response = json_response(http::status::accepted, core::to_json(*manifest));
  response.set(http::field::location, run_location(manifest->run_id));
  call.respond(std::move(response));
}

template <typename Handle>
Handler with_json_body(Handle handle) {
  return [handle](const std::shared_ptr<Call>& call) {
    auto body = call->json_body();
    if (!body) {
      call->fail(body.error());
      return;
    }
    handle(*call, *body);
  };
}

void add_run_reads(Router& router) {
  using http::verb;
  router.add(verb::get, "/runs", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_list());
  });
  // The most frequent read (a UI polling a run): the core keeps the
  // manifest's JSON text while the run's files are unchanged, so the answer
  // costs a few stat calls and one copy, cheap enough for the I/O thread.
  router.add(
      verb::get,
      "/runs/{run_id}",
      BodyKind::none,
      [](const auto& call) {
        const auto json = call->service().run_get_json(call->param("run_id"));
        if (!json) {
          call->fail(json.error());
          return;
        }
        call->respond(json_text_response(http::status::ok, **json));
      },
      Placement::io_thread);
  router.add(verb::get, "/runs/{run_id}/status", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_status(call->param("run_id")));
  });
  router.add(verb::get, "/runs/{run_id}/request", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_request(call->param("run_id")));
  });
  router.add(verb::get, "/runs/{run_id}/workflow", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_workflow(call->param("run_id")));
  });
  router.add(verb::get, "/runs/{run_id}/trace", BodyKind::none, [](const auto& call) {
    const auto log = call->service().run_trace(call->param("run_id"));
    if (!log) {
      return call->fail(log.error());
    }
    call->respond(json_response(http::status::ok, core::to_json(*log, "trace")));
  });
  router.add(
      verb::get, "/runs/{run_id}/steps/{step_id}/output", BodyKind::none, [](const auto& call) {
        answer(*call,
               call->service().run_output(
                   core::StepRef{call->param("run_id"), call->param("step_id")}));
      });
  router.add(verb::get, "/runs/{run_id}/diff/{other_run_id}", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_diff(call->param("run_id"), call->param("other_run_id")));
  });
}

void add_run_changes(Router& router) {
  using http::verb;
  router.add(verb::post,
             "/runs",
             BodyKind::json_required,
             with_json_body([](const Call& call, const boost::json::value& body) {
               auto request = create_request_from(body);
               if (!request) {
                 return call.fail(request.error());
               }
               created(call, call.service().run_create(*request));
             }));
  router.add(verb::post,
             "/runs/preview",
             BodyKind::json_required,
             with_json_body([](const Call& call, const boost::json::value& body) {
               auto request = create_request_from(body);
               if (!request) {
                 return call.fail(request.error());
               }
               answer(call, call.service().run_preview(*request));
             }));
  router.add(
      verb::post, "/runs/{run_id}/steps/{step_id}/submit", BodyKind::json, [](const auto& call) {
        core::SubmitStepRequest request{call->param("run_id"), call->param("step_id"), {}};
        if (!call->request().body().empty()) {
          request.body = call->request().body();
        }
        answer(*call, call->service().run_submit(request), http::status::accepted);
      });
  router.add(
      verb::post, "/runs/{run_id}/steps/{step_id}/retry", BodyKind::none, [](const auto& call) {
        answer(*call,
               call->service().run_retry(
                   core::StepRef{call->param("run_id"), call->param("step_id")}));
      });
  router.add(verb::post, "/runs/{run_id}/refresh", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_refresh(call->param("run_id")));
  });
  router.add(verb::post, "/runs/{run_id}/cancel", BodyKind::none, [](const auto& call) {
    // The core stops an execution in this process at once.
    answer(*call, call->service().run_cancel(call->param("run_id")));
  });
  router.add(verb::delete_, "/runs/{run_id}", BodyKind::none, [](const auto& call) {
    answer(*call, call->service().run_delete(call->param("run_id")));
  });
}

}  // namespace

void add_run_routes(Router& router) {
  add_run_reads(router);
  add_run_changes(router);
}

}  // namespace lf::lfd
