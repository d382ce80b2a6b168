// lf assets: list, show, check and create asset files, and the authoring
// operations agents use: read a source, validate a proposed one, write it.

#include <array>
#include <iostream>
#include <optional>
#include <string>
#include <variant>

#include <boost/json.hpp>

#include <lightflow/core/error_mapping.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"
#include "text_argument.hpp"

namespace lf::cli {
namespace {

// The exit code of a result that was printed but says the asset cannot run:
// that of invalid_argument, so scripts can test it.
int exit_code_for(bool ok) {
  return ok ? 0 : core::error_mapping(Code::invalid_argument).exit_code;
}

template <const char* kKind>
int run_list(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->assets_list(kKind)) : cli.report(service.error());
}

// Prints the asset even when it has issues, and then exits non-zero.
int run_show(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto details = (*service)->assets_show(args.get("id"));
  if (!details) {
    return cli.report(details.error());
  }
  cli.print_json(core::to_json(*details));
  return exit_code_for(details->issues.empty());
}

// An argument that looks like a file (a '/' or ".cpp") is a path, else an id.
core::AssetCheckRequest check_request(const std::vector<std::string>& targets) {
  core::AssetCheckRequest request;
  for (const std::string& target : targets) {
    const bool is_path = target.find('/') != std::string::npos || target.ends_with(".cpp");
    (is_path ? request.paths : request.ids).push_back(target);
  }
  return request;
}

// The report always goes to stdout; an asset that cannot run makes the exit
// code that of invalid_argument.
int run_check(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto report = (*service)->assets_check(check_request(args.list("targets")));
  if (!report) {
    return cli.report(report.error());
  }
  cli.print_json(core::to_json(*report));
  return exit_code_for(report->ok());
}

int run_new(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->assets_new(args.get("kind"), args.get("id")))
                 : cli.report(service.error());
}

// The source text on a terminal (unless --json), else the JSON record.
int run_source(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto source = (*service)->assets_source(args.get("id"));
  if (source && cli.output_style(args) == OutputStyle::human) {
    return cli.print_text(source->source);
  }
  return cli.print_result(source);
}

// What validate and write start from: the Service and the text --source
// stands for.
struct SourceCall {
  core::Service* service;
  std::string text;
};

// The SourceCall of `args`, or the exit code after reporting why there is
// none (a usage error when --source is missing).
std::variant<SourceCall, int> source_call(Cli& cli,
                                          std::string_view command,
                                          const ParsedArgs& args) {
  const auto source = args.find("source");
  if (!source) {
    std::cerr << "lf: assets " << command
              << ": missing --source (- for standard input, @file, or the text)\n";
    return kUsageExitCode;
  }
  auto text = resolve_text_argument(*source);
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  if (!text) {
    return cli.report(text.error());
  }
  return SourceCall{*service, std::move(*text)};
}

int run_validate(Cli& cli, const ParsedArgs& args) {
  auto call = source_call(cli, "validate", args);
  if (const int* exit_code = std::get_if<int>(&call)) {
    return *exit_code;
  }
  auto& [service, text] = std::get<SourceCall>(call);
  auto check = service->assets_validate({args.get("kind"), args.get("id"), std::move(text)});
  if (!check) {
    return cli.report(check.error());
  }
  cli.print_json(core::to_json(*check));
  return exit_code_for(check->ok());
}

// A refused text prints the result (written false, and why) and exits non-zero.
int run_write(Cli& cli, const ParsedArgs& args) {
  auto call = source_call(cli, "write", args);
  if (const int* exit_code = std::get_if<int>(&call)) {
    return *exit_code;
  }
  auto& [service, text] = std::get<SourceCall>(call);
  core::AssetWriteRequest request{
      args.get("kind"), args.get("id"), std::move(text), args.find("expect-hash")};
  auto written = service->assets_write(request);
  if (!written) {
    return cli.report(written.error());
  }
  cli.print_json(core::to_json(*written));
  return exit_code_for(written->written);
}

// The guide is a document: its Markdown text unless --json.
int run_guide(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto guide = (*service)->assets_guide();
  if (guide && !args.has("json")) {
    return cli.print_text(guide->text);
  }
  return cli.print_result(guide);
}

constexpr char kWorkflows[] = "workflows";
constexpr char kNodes[] = "nodes";
constexpr char kCompositions[] = "compositions";
constexpr char kModels[] = "models";

constexpr PositionalSpec kId{"id", "asset id, for example workflow.text_plan"};
constexpr PositionalSpec kKind{"kind", "workflow, node, composition or model"};
constexpr std::array kIdArgs{kId};
constexpr std::array kKindIdArgs{kKind, kId};
constexpr std::array<PositionalSpec, 1> kCheckArgs{
    {{"targets",
      "asset ids or files (a '/' or .cpp makes a file) to check (default: every project asset)",
      Arity::variadic}}};

constexpr FlagSpec kJsonFlag{"json", "", "print JSON even on a terminal", FlagKind::toggle};
constexpr FlagSpec kSourceFlag{
    "source", "text", "the asset's source: - for standard input, @file, or the text itself"};
constexpr std::array kJsonFlags{kJsonFlag};
constexpr std::array kValidateFlags{kSourceFlag};
constexpr std::array kWriteFlags{
    kSourceFlag,
    FlagSpec{"expect-hash",
             "hash",
             "the source_hash of the file being replaced (lf assets source); required to "
             "replace an existing asset"}};

constexpr std::array kCommands{
    CommandSpec{"workflows", "list workflow assets and problems", {}, {}, run_list<kWorkflows>},
    CommandSpec{"nodes", "list node assets and problems", {}, {}, run_list<kNodes>},
    CommandSpec{
        "compositions", "list composition assets and problems", {}, {}, run_list<kCompositions>},
    CommandSpec{"models", "list model assets and problems", {}, {}, run_list<kModels>},
    CommandSpec{"show",
                "print one asset: record, definition and issues (exits non-zero with issues)",
                kIdArgs,
                {},
                run_show},
    CommandSpec{"check",
                "compile, read and validate assets: ok only when each can run",
                kCheckArgs,
                {},
                run_check},
    CommandSpec{"new",
                "write a skeleton under assets/<kind>s/ that runs as written (never overwrites)",
                kKindIdArgs,
                {},
                run_new},
    CommandSpec{"source",
                "print an asset's source (JSON with its source_hash off a terminal)",
                kIdArgs,
                kJsonFlags,
                run_source},
    CommandSpec{"validate",
                "check a proposed source for an asset as if it were written; writes nothing",
                kKindIdArgs,
                kValidateFlags,
                run_validate},
    CommandSpec{"write",
                "write an asset's source atomically, only when it validates",
                kKindIdArgs,
                kWriteFlags,
                run_write},
    CommandSpec{
        "guide", "print the authoring guide (the asset language)", {}, kJsonFlags, run_guide},
};

}  // namespace

const GroupSpec& assets_group() {
  static const GroupSpec group{
      "assets",
      "asset files: models, nodes, compositions and workflows (assets/<kind>s/*.cpp)",
      kCommands};
  return group;
}

}  // namespace lf::cli
