#include "prompts.hpp"

#include <string>

#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>

namespace lf::mcp {
namespace {

boost::json::object user_text(std::string text) {
  return {{"role", "user"}, {"content", {{"type", "text"}, {"text", std::move(text)}}}};
}

std::string argument(const boost::json::object& arguments, std::string_view name) {
  const auto* value = arguments.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

boost::json::object write_workflow(const boost::json::object& arguments) {
  const std::string goal = argument(arguments, "goal");
  std::string id = argument(arguments, "workflow_id");
  if (id.empty()) {
    id = "workflow.<name>";
  }
  std::string text =
      "Write a new LightFlow workflow, " + id + ", that does this:\n\n" + goal
      + "\n\nWork with the lf tools, in this order:\n"
        "1. lf_authoring_guide: read the asset language (models, nodes, compositions, "
        "workflows; META and define()).\n"
        "2. lf_assets_list for kinds model, node and workflow: reuse what exists; lf_asset_show "
        "and lf_asset_source on the closest workflow to copy its shape.\n"
        "3. If a model alias is missing, write it first (kind model) with lf_asset_write.\n"
        "4. lf_asset_validate the workflow's source (kind workflow). Every problem comes with "
        "file:line:col or a catalog issue: fix each one and validate again until ok is true.\n"
        "5. lf_asset_write it (to replace an existing file, pass the source_hash lf_asset_source "
        "gave as expected_hash).\n"
        "6. lf_run_preview with sample inputs: ready must be true; read each step's rendered "
        "request.\n"
        "7. lf_run_execute, then lf_run_output for each step; lf_run_rerun with one input "
        "changed shows which steps the step cache serves.\n";
  return {{"description", "Write, check, preview and run a new workflow"},
          {"messages", boost::json::array{user_text(std::move(text))}}};
}

Result<boost::json::object> diagnose_run(const core::Service& service,
                                         const boost::json::object& arguments) {
  const std::string run_id = argument(arguments, "run_id");
  auto status = service.run_status(run_id);
  if (!status) {
    return fail(status.error());
  }
  auto events = service.run_events(run_id);
  std::string text = "Find out why LightFlow run " + run_id + " (workflow "
                     + status->workflow_asset_id + ") ended as it did, and fix it.\n\nStatus:\n"
                     + core::to_pretty_json(core::to_json(*status)) + "\n\n";
  if (events) {
    text += "Events:\n";
    for (const core::RunEvent& event : events->events) {
      text += core::to_compact_json(core::to_json(event)) + "\n";
    }
  }
  text +=
      "\nSteps: find the first step.failed or step.timed_out event; read that step's error "
      "body with lf_run_output and its CortexFS files with lf_ctx_step_paths; check the "
      "provider route with lf_ctx_routes; if the workflow is at fault, fix it with "
      "lf_asset_source, lf_asset_validate and lf_asset_write. Then lf_run_retry the step and "
      "lf_run_resume the run, or lf_run_rerun with corrected inputs.\n";
  return boost::json::object{{"description", "Diagnose run " + run_id},
                             {"messages", boost::json::array{user_text(std::move(text))}}};
}

}  // namespace

boost::json::array prompt_list() {
  return {
      boost::json::object{
          {"name", "write_workflow"},
          {"title", "Write a new workflow"},
          {"description",
           "Walks through writing, validating, previewing and running a new workflow"},
          {"arguments",
           boost::json::array{boost::json::object{{"name", "goal"},
                                                  {"description", "what the workflow should do"},
                                                  {"required", true}},
                              boost::json::object{
                                  {"name", "workflow_id"},
                                  {"description", "the new workflow's id, e.g. workflow.summarise"},
                                  {"required", false}}}}},
      boost::json::object{
          {"name", "diagnose_run"},
          {"title", "Diagnose a failed run"},
          {"description", "A run's status and events, and how to find and fix why it failed"},
          {"arguments",
           boost::json::array{boost::json::object{
               {"name", "run_id"}, {"description", "the run to diagnose"}, {"required", true}}}}},
  };
}

Result<boost::json::object> get_prompt(const core::Service& service,
                                       std::string_view name,
                                       const boost::json::object& arguments) {
  if (name == "write_workflow") {
    if (argument(arguments, "goal").empty()) {
      return fail(Code::invalid_argument, "prompt write_workflow needs the argument goal");
    }
    return write_workflow(arguments);
  }
  if (name == "diagnose_run") {
    if (argument(arguments, "run_id").empty()) {
      return fail(Code::invalid_argument, "prompt diagnose_run needs the argument run_id");
    }
    return diagnose_run(service, arguments);
  }
  return fail(Code::invalid_argument, "unknown prompt: " + std::string(name));
}

}  // namespace lf::mcp
