// The Service's CortexFS operations (lf ctx): path planning, commit, outcome.

#include <lightflow/core/service.hpp>
#include <lightflow/cortex/abi_info.hpp>
#include <lightflow/cortex/commit.hpp>
#include <lightflow/ctxabi/ids.hpp>

#include "store/run_id.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

Result<cortex::Target> make_target(const ExchangeRequest& request) {
  switch (request.kind) {
    case cortex::TargetKind::api:
      return cortex::api_target(request.target);
    case cortex::TargetKind::tool:
      return cortex::tool_target(request.target);
    case cortex::TargetKind::thread:
      return cortex::thread_target(request.target);
  }
  return fail(Code::internal, "unknown target kind");
}

Result<std::string> make_request_id(const ServiceConfig& config, const ExchangeRequest& request) {
  if (request.run_id) {
    if (auto ok = validate_run_id(*request.run_id); !ok) {
      return fail(std::move(ok).error());
    }
    // The incarnation of the run recorded under that id, if there is one.
    auto manifest = RunStore(config.dirs.state).read(*request.run_id);
    const std::string incarnation = manifest ? manifest->incarnation : std::string();
    return ctxabi::make_request_id(*request.run_id, incarnation, request.step_id);
  }
  if (auto ok = ctxabi::validate_segment(ctxabi::IdKind::step_id, request.step_id); !ok) {
    return fail(std::move(ok).error());
  }
  return request.step_id;
}

}  // namespace

cortex::AbiRecord Service::ctx_abi() const {
  return cortex::abi_record(config_.ctx);
}

Result<cortex::Exchange> Service::ctx_exchange(const ExchangeRequest& request) const {
  auto target = make_target(request);
  if (!target) {
    return fail(std::move(target).error());
  }
  auto request_id = make_request_id(config_, request);
  if (!request_id) {
    return fail(std::move(request_id).error());
  }
  return cortex::plan_exchange(config_.ctx, *target, *request_id);
}

Result<cortex::ChannelPaths> Service::ctx_channel(std::string_view channel_id) const {
  return cortex::plan_channel(config_.ctx, channel_id);
}

Result<cortex::JobPaths> Service::ctx_job(std::string_view job_id) const {
  return cortex::plan_job(config_.ctx, job_id);
}

Result<cortex::HookPaths> Service::ctx_hook(std::string_view hook_id) const {
  return cortex::plan_hook(config_.ctx, hook_id);
}

Result<CommitResult> Service::ctx_commit(const ExchangeRequest& request,
                                         std::string_view body) const {
  auto exchange = ctx_exchange(request);
  if (!exchange) {
    return fail(std::move(exchange).error());
  }
  auto committed = cortex::commit_request(config_.ctx.mount(), *exchange, body);
  if (!committed) {
    Error error = std::move(committed).error();
    if (error.code == Code::already_exists || error.code == Code::conflict) {
      // A second commit of the id, or one still pending: about that request.
      error.about(Subject::request, exchange->request_id);
    }
    return fail(std::move(error));
  }
  return CommitResult{std::move(*exchange), std::move(*committed)};
}

Result<ExchangeOutcome> Service::ctx_outcome(const ExchangeRequest& request) const {
  auto exchange = ctx_exchange(request);
  if (!exchange) {
    return fail(std::move(exchange).error());
  }
  auto outcome = cortex::read_outcome(*exchange);
  if (!outcome) {
    return fail(std::move(outcome).error());
  }
  return ExchangeOutcome{std::move(*outcome)};
}

boost::json::object to_json(const CommitResult& result) {
  boost::json::object json = cortex::to_json(result.exchange);
  json["committed"] = result.committed.string();
  return json;
}

boost::json::object to_json(const ExchangeOutcome& outcome) {
  if (!outcome.outcome) {
    return boost::json::object{{"status", "pending"}};
  }
  return cortex::to_json(*outcome.outcome);
}

}  // namespace lf::core
