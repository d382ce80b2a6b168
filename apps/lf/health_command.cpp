// lf health: can LightFlow work here? CortexFS, the state directory, the
// compiler and the shipped files, as one JSON report; exit 0 only when healthy.

#include <array>
#include <iostream>

#include <lightflow/core/error_mapping.hpp>

#include "cli.hpp"
#include "command_table.hpp"
#include "parsed_args.hpp"

namespace lf::cli {
namespace {

void print_problem(std::string_view what, bool ok, const std::string& problem) {
  if (!ok) {
    std::cerr << "lf: health: " << what << ": " << problem << "\n";
  }
}

int run_health(Cli& cli, const ParsedArgs& args) {
  auto service = cli.service(args);
  if (!service) {
    return cli.report(service.error());
  }
  const core::Health health = (*service)->health();
  cli.print_json(core::to_json(health));
  if (health.ok) {
    return 0;
  }
  print_problem("cortexfs", health.cortexfs.ok, health.cortexfs.problem);
  print_problem("state_dir", health.state_dir.ok, health.state_dir.problem);
  print_problem("compiler", health.compiler.ok, health.compiler.problem);
  print_problem("asset_header", health.asset_header.ok, health.asset_header.problem);
  print_problem("builtin_assets", health.builtin_assets.ok, health.builtin_assets.problem);
  return core::error_mapping(Code::unavailable).exit_code;
}

constexpr std::array kCommands{
    CommandSpec{"",
                "check CortexFS, the state directory, the compiler and the built-in assets; "
                "exits 0 only when all are usable",
                {},
                {},
                run_health},
};

}  // namespace

const GroupSpec& health_group() {
  static const GroupSpec group{"health", "check that LightFlow can work here", kCommands};
  return group;
}

}  // namespace lf::cli
