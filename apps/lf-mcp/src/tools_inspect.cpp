// The inspection tools: the CortexFS ABI, the CortexFS files of a run's step,
// the providers and routes /ctx shows, and the health of this server's setup.

#include <lightflow/core/run_json.hpp>

#include "tool_table.hpp"

namespace lf::mcp {
namespace {

constexpr std::string_view kNoInput =
    R"({"type":"object","properties":{},"additionalProperties":false})";

constexpr std::string_view kStepInput = R"({"type":"object","properties":{
 "run_id":{"type":"string","minLength":1},"step_id":{"type":"string","minLength":1}},
 "required":["run_id","step_id"],"additionalProperties":false})";

constexpr std::string_view kAbiOutput = R"({"type":"object"})";

constexpr std::string_view kStepPathsOutput = R"({"type":"object",
 "required":["run_id","step_id","status","attempt","cortex"],
 "properties":{"status":{"type":"string"},"attempt":{"type":"integer"},
 "cortex":{"type":"object","description":"the request id and the inbox, outbox and outcome files of the step's current attempt"}}})";

constexpr std::string_view kRoutesOutput =
    R"({"type":"object","required":["mount","mounted","providers","routes"],
 "properties":{"mounted":{"type":"boolean"},"providers":{"type":"array","items":{"type":"string"}},
 "routes":{"type":"array","items":{"type":"object","required":["format","provider","model","reason"]}}}})";

constexpr std::string_view kHealthOutput =
    R"({"type":"object","required":["ok","version","cortexfs"],
 "properties":{"ok":{"type":"boolean"},"version":{"type":"string"},"cortexfs":{"type":"object"}}})";

ToolResult abi(const boost::json::object&, ToolContext& context) {
  return success(to_json(context.service.ctx_abi()));
}

ToolResult step_paths(const boost::json::object& args, ToolContext& context) {
  const std::string run_id = string_arg(args, "run_id");
  const std::string step_id = string_arg(args, "step_id");
  auto manifest = context.service.run_get(run_id);
  if (!manifest) {
    return failure(manifest.error());
  }
  const core::RunStepRecord* step = core::find_step(*manifest, step_id);
  if (step == nullptr) {
    return failure(Error{Code::not_found, "run step " + step_id}.about(Subject::step, step_id));
  }
  const boost::json::object record = core::to_json(*step);
  return success(boost::json::object{{"run_id", run_id},
                                     {"step_id", step_id},
                                     {"status", record.at("status")},
                                     {"attempt", record.at("attempt")},
                                     {"cortex", record.at("cortex")}});
}

ToolResult routes(const boost::json::object&, ToolContext& context) {
  return from_result(context.service.ctx_routes());
}

ToolResult health(const boost::json::object&, ToolContext& context) {
  return success(core::to_json(context.service.health()));
}

}  // namespace

std::vector<ToolSpec> inspect_tools() {
  return {
      {"lf_ctx_abi",
       "CortexFS ABI",
       "The ABI record of the CortexFS tree this server uses: its mount, the ABI names and the "
       "file layout requests go through.",
       kNoInput,
       kAbiOutput,
       Duration::quick,
       Effect::reads,
       abi},
      {"lf_ctx_step_paths",
       "CortexFS files of a step",
       "Where a run's step meets CortexFS: its request id and the inbox, outbox and outcome paths "
       "of its current attempt.",
       kStepInput,
       kStepPathsOutput,
       Duration::quick,
       Effect::reads,
       step_paths},
      {"lf_ctx_routes",
       "Providers and routes",
       "The providers CortexFS has configured and, for each API format, the provider and model a "
       "request committed now would reach, and why.",
       kNoInput,
       kRoutesOutput,
       Duration::quick,
       Effect::reads,
       routes},
      {"lf_health",
       "Health",
       "Whether this server can work: CortexFS mounted with the expected ABI, the state directory "
       "writable, the compiler, asset header and built-in assets present.",
       kNoInput,
       kHealthOutput,
       Duration::quick,
       Effect::reads,
       health},
  };
}

}  // namespace lf::mcp
