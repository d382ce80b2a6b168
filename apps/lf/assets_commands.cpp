// lf assets: list, show, check and create asset files.

#include <array>

#include <boost/json.hpp>

#include <lightflow/core/error_mapping.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"

namespace lf::cli {
namespace {

template <const char* kKind>
int run_list(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->assets_list(kKind)) : cli.report(service.error());
}

int run_show(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->assets_show(args.get("id")))
                 : cli.report(service.error());
}

// The report always goes to stdout; a file that fails makes the exit code
// that of invalid_argument, so scripts can test it.
int run_check(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  auto report = (*service)->assets_check(args.list("paths"));
  if (!report) {
    return cli.report(report.error());
  }
  cli.print_json(*report);
  const bool ok = report->at("ok").as_bool();
  return ok ? 0 : core::error_mapping(Code::invalid_argument).exit_code;
}

int run_new(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  return service ? cli.print_result((*service)->assets_new(args.get("kind"), args.get("id")))
                 : cli.report(service.error());
}

constexpr char kWorkflows[] = "workflows";
constexpr char kNodes[] = "nodes";
constexpr char kCompositions[] = "compositions";
constexpr char kModels[] = "models";

constexpr std::array<PositionalSpec, 1> kShowArgs{
    {{"id", "asset id, for example workflow.text_plan"}}};
constexpr std::array<PositionalSpec, 1> kCheckArgs{
    {{"paths", "asset files to check (default: every project asset)", Arity::variadic}}};
constexpr std::array<PositionalSpec, 2> kNewArgs{{
    {"kind", "workflow, node, composition or model"},
    {"id", "the new asset's id, for example workflow.my_flow"},
}};

constexpr std::array kCommands{
    CommandSpec{"workflows", "list workflow assets and problems", {}, {}, run_list<kWorkflows>},
    CommandSpec{"nodes", "list node assets and problems", {}, {}, run_list<kNodes>},
    CommandSpec{
        "compositions", "list composition assets and problems", {}, {}, run_list<kCompositions>},
    CommandSpec{"models", "list model assets and problems", {}, {}, run_list<kModels>},
    CommandSpec{
        "show", "print one asset: record, parsed definition and problems", kShowArgs, {}, run_show},
    CommandSpec{"check",
                "compile assets against lightflow/asset.hpp and run the static reader",
                kCheckArgs,
                {},
                run_check},
    CommandSpec{"new",
                "write a documented skeleton under assets/<kind>s/ (never overwrites)",
                kNewArgs,
                {},
                run_new},
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
