// The authoring tools: list, show, read, validate, write, check and create
// assets, and read the authoring guide. Validation and writes run the
// compiler, so they are long calls.

#include <boost/json/serialize.hpp>

#include "tool_table.hpp"

namespace lf::mcp {
namespace {

constexpr std::string_view kKindSchema =
    R"({"type":"string","enum":["model","node","composition","workflow","models","nodes","compositions","workflows"],"description":"the asset kind"})";

constexpr std::string_view kListOutput = R"({"type":"object","required":["assets","problems"],
 "properties":{"assets":{"type":"array","items":{"type":"object","required":["meta","source_path","builtin"]}},
 "problems":{"type":"array","items":{"type":"object","required":["path","message"]}}}})";

constexpr std::string_view kShowOutput = R"({"type":"object",
 "required":["meta","source_path","builtin","definition","issues","source_hash"],
 "properties":{"meta":{"type":"object"},"definition":{"type":"object"},
 "issues":{"type":"array","items":{"type":"string"}},"source_hash":{"type":"string"}}})";

constexpr std::string_view kSourceOutput = R"({"type":"object",
 "required":["id","kind","path","builtin","source_hash","source"],
 "properties":{"id":{"type":"string"},"kind":{"type":"string"},"source":{"type":"string"},
 "source_hash":{"type":"string"},"problem":{"type":["string","null"]}}})";

// One AssetCheck, also nested in write results and check reports.
constexpr std::string_view kCheckOutput =
    R"({"type":"object","required":["path","ok","compiles","compiler_output","issues","dependent_issues"],)"
    R"("properties":{"ok":{"type":"boolean"},"compiles":{"type":"boolean"},"compiler_output":{"type":"string"},)"
    R"("reader_error":{"type":["string","null"]},"issues":{"type":"array","items":{"type":"string"}},)"
    R"("dependent_issues":{"type":"array","items":{"type":"string"}}}})";

constexpr std::string_view kCreatedOutput =
    R"({"type":"object","required":["id","kind","path","source_hash"],
 "properties":{"id":{"type":"string"},"kind":{"type":"string"},"path":{"type":"string"},"source_hash":{"type":"string"}}})";

constexpr std::string_view kGuideOutput = R"({"type":"object","required":["path","text"],
 "properties":{"path":{"type":"string"},"text":{"type":"string"}}})";

// What is wrong with a checked text, worst first, for a person or an agent.
std::string problems_of(const core::AssetCheck& check) {
  std::string text;
  if (check.reader_error) {
    text += *check.reader_error + "\n";
  }
  for (const std::string& issue : check.issues) {
    text += "issue: " + issue + "\n";
  }
  for (const std::string& issue : check.dependent_issues) {
    text += "breaks another asset: " + issue + "\n";
  }
  if (!check.compiles) {
    text += "compiler:\n" + check.compiler_output + "\n";
  }
  return text;
}

ToolResult list(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.assets_list(string_arg(args, "kind")));
}

ToolResult show(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.assets_show(string_arg(args, "id")));
}

ToolResult source(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.assets_source(string_arg(args, "id")));
}

ToolResult validate(const boost::json::object& args, ToolContext& context) {
  auto check = context.service.assets_validate(core::AssetProposal{
      string_arg(args, "kind"), string_arg(args, "id"), string_arg(args, "source")});
  if (!check) {
    return failure(check.error());
  }
  const boost::json::object json = core::to_json(*check);
  if (check->ok()) {
    return success(json);
  }
  return success(
      json,
      "the text is not a valid asset yet:\n" + problems_of(*check) + boost::json::serialize(json));
}

ToolResult write(const boost::json::object& args, ToolContext& context) {
  auto written = context.service.assets_write(
      core::AssetWriteRequest{string_arg(args, "kind"),
                              string_arg(args, "id"),
                              string_arg(args, "source"),
                              optional_string_arg(args, "expected_hash")});
  if (!written) {
    return failure(written.error());
  }
  boost::json::object json = core::to_json(*written);
  if (written->written) {
    return success(std::move(json));
  }
  // Not written: the file is unchanged and the check says why. The result is
  // still the typed one, so an agent can read the check.
  ToolResult result = success(json,
                              "asset " + written->id + " was not written (the file is unchanged):\n"
                                  + problems_of(written->check) + boost::json::serialize(json));
  result.is_error = true;
  return result;
}

ToolResult check(const boost::json::object& args, ToolContext& context) {
  core::AssetCheckRequest request;
  for (const char* name : {"ids", "paths"}) {
    if (const auto* given = args.if_contains(name)) {
      auto& into = std::string_view(name) == "ids" ? request.ids : request.paths;
      for (const auto& item : given->get_array()) {
        into.emplace_back(item.get_string());
      }
    }
  }
  return from_result(context.service.assets_check(request));
}

ToolResult create(const boost::json::object& args, ToolContext& context) {
  return from_result(context.service.assets_new(string_arg(args, "kind"), string_arg(args, "id")));
}

ToolResult guide(const boost::json::object&, ToolContext& context) {
  return from_result(context.service.assets_guide());
}

}  // namespace

std::vector<ToolSpec> asset_tools() {
  static const std::string kKindOnly = R"({"type":"object","properties":{"kind":)"
                                       + std::string(kKindSchema)
                                       + R"(},"required":["kind"],"additionalProperties":false})";
  static const std::string kProposal =
      R"({"type":"object","properties":{"kind":)" + std::string(kKindSchema)
      + R"(,"id":{"type":"string","minLength":1,"description":"the asset id META declares, e.g. workflow.summarise"},)"
        R"("source":{"type":"string","description":"the whole C++ asset file"}},)"
        R"("required":["kind","id","source"],"additionalProperties":false})";
  static const std::string kWriteInput =
      R"({"type":"object","properties":{"kind":)" + std::string(kKindSchema)
      + R"(,"id":{"type":"string","minLength":1},"source":{"type":"string"},)"
        R"("expected_hash":{"type":"string","description":"source_hash of the file being replaced (from lf_asset_source); omit to create a new file"}},)"
        R"("required":["kind","id","source"],"additionalProperties":false})";
  static const std::string kNewInput =
      R"({"type":"object","properties":{"kind":)" + std::string(kKindSchema)
      + R"(,"id":{"type":"string","minLength":1}},"required":["kind","id"],"additionalProperties":false})";
  static const std::string kWriteOutput =
      R"({"type":"object","required":["written","created","id","kind","path","check"],)"
      R"("properties":{"written":{"type":"boolean"},"created":{"type":"boolean"},)"
      R"("source_hash":{"type":["string","null"]},"previous_hash":{"type":["string","null"]},)"
      R"("check":)"
      + std::string(kCheckOutput) + "}}";
  static const std::string kReportOutput =
      R"({"type":"object","required":["ok","compiler","include_dir","results"],)"
      R"("properties":{"ok":{"type":"boolean"},"results":{"type":"array","items":)"
      + std::string(kCheckOutput) + "}}}";
  constexpr std::string_view kIdInput =
      R"({"type":"object","properties":{"id":{"type":"string","minLength":1,"description":"the asset id"}},"required":["id"],"additionalProperties":false})";
  constexpr std::string_view kCheckInput =
      R"({"type":"object","properties":{"ids":{"type":"array","items":{"type":"string"}},"paths":{"type":"array","items":{"type":"string"},"description":"files, relative to the project root"}},"additionalProperties":false})";
  constexpr std::string_view kNoInput =
      R"({"type":"object","properties":{},"additionalProperties":false})";
  return {
      {"lf_assets_list",
       "List assets",
       "The assets of one kind (id, title, description, where its file is) and the files of that "
       "kind that could not be read, with the reason.",
       kKindOnly,
       kListOutput,
       Duration::quick,
       Effect::reads,
       list},
      {"lf_asset_show",
       "Show an asset",
       "One asset by id: its META, its parsed definition (ports, steps, models) and every issue "
       "that would stop it from running, plus its source_hash.",
       kIdInput,
       kShowOutput,
       Duration::quick,
       Effect::reads,
       show},
      {"lf_asset_source",
       "Read an asset's source",
       "The C++ source text of an asset by id and its source_hash (pass it as expected_hash to "
       "lf_asset_write to replace the file). A file that does not parse is returned with `problem` "
       "set.",
       kIdInput,
       kSourceOutput,
       Duration::quick,
       Effect::reads,
       source},
      {"lf_asset_validate",
       "Validate a proposed asset",
       "Checks a proposed source text as asset `id` of `kind` without writing anything: the C++ "
       "compiler, the static reader and the catalog checks, plus what it would break in other "
       "assets. ok=false lists every problem with file:line:col.",
       kProposal,
       kCheckOutput,
       Duration::long_running,
       Effect::reads,
       validate},
      {"lf_asset_write",
       "Write an asset",
       "Validates the source and, only when it is valid, writes it atomically as the asset's file. "
       "Replacing an existing file needs its current source_hash as expected_hash. When the text "
       "is invalid nothing is written (isError, the old file is kept) and check says why.",
       kWriteInput,
       kWriteOutput,
       Duration::long_running,
       Effect::destroys,
       write},
      {"lf_assets_check",
       "Check assets",
       "Runs the compiler check, the static reader and the catalog checks on assets by id or file "
       "path; with no arguments, on every project asset.",
       kCheckInput,
       kReportOutput,
       Duration::long_running,
       Effect::reads,
       check},
      {"lf_asset_new",
       "Create an asset from the skeleton",
       "Writes a documented skeleton for a new asset of `kind` with `id` into the project (never "
       "overwrites). The skeleton runs as written; edit it with lf_asset_source and "
       "lf_asset_write.",
       kNewInput,
       kCreatedOutput,
       Duration::quick,
       Effect::writes,
       create},
      {"lf_authoring_guide",
       "Read the authoring guide",
       "The asset authoring guide (Markdown): the whole asset language for models, nodes, "
       "compositions and workflows, with examples. Read it before writing an asset.",
       kNoInput,
       kGuideOutput,
       Duration::quick,
       Effect::reads,
       guide},
  };
}

}  // namespace lf::mcp
