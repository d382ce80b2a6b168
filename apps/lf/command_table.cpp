#include "command_table.hpp"

#include <array>
#include <iomanip>
#include <iostream>
#include <vector>

#include "cli.hpp"
#include "parsed_args.hpp"
#include "suggest.hpp"

namespace lf::cli {
namespace {

void print_main_help() {
  std::cout << "usage: lf <group> <command> [arguments] [options]\n\n"
               "LightFlow: workflows as code, executed through CortexFS.\n\ngroups:\n";
  for (const GroupSpec* group : command_groups()) {
    std::cout << "  " << std::left << std::setw(8) << group->name << std::right << group->summary
              << "\n";
  }
  std::cout << "\n'lf <group> --help' lists a group's commands; 'lf <group> <command> --help'\n"
               "describes one.\n\nenvironment:\n"
               "  LIGHTFLOW_PROJECT    project root when --project is not given\n"
               "  LIGHTFLOW_CTX_MOUNT  CortexFS mount point (default /ctx)\n"
               "  LIGHTFLOW_CTX_UID    uid of the CortexFS home (default: the real uid)\n"
               "  XDG_STATE_HOME       where run records live (lightflow/runs)\n";
}

void print_group_help(const GroupSpec& group) {
  std::cout << "usage: lf " << group.name << " <command> [arguments] [options]\n\n"
            << group.summary << "\n\ncommands:\n";
  for (const CommandSpec& command : group.commands) {
    std::cout << "  " << std::left << std::setw(10) << command.name << std::right << command.summary
              << "\n";
  }
}

int unknown(std::string_view what, std::string_view typed, const std::vector<std::string>& names) {
  std::cerr << "lf: unknown " << what << " " << typed;
  if (auto guess = closest_match(typed, names)) {
    std::cerr << " (did you mean " << *guess << "?)";
  }
  std::cerr << "\nTry 'lf --help'.\n";
  return kUsageExitCode;
}

bool is_help(std::string_view token) {
  return token == "--help" || token == "-h" || token == "help";
}

int run_command(const GroupSpec& group,
                const CommandSpec& command,
                const std::vector<std::string>& tokens) {
  ParseOutcome parsed = parse_command_args(group, command, tokens);
  if (!parsed.args) {
    return parsed.exit_code;
  }
  Cli cli;
  return command.run(cli, *parsed.args);
}

int run_group(const GroupSpec& group, const std::vector<std::string>& args) {
  if (group.commands.size() == 1 && group.commands.front().name.empty()) {
    return run_command(group, group.commands.front(), {args.begin() + 1, args.end()});
  }
  if (args.size() < 2 || is_help(args[1])) {
    print_group_help(group);
    return args.size() < 2 ? kUsageExitCode : 0;
  }
  for (const CommandSpec& command : group.commands) {
    if (command.name != args[1]) {
      continue;
    }
    return run_command(group, command, {args.begin() + 2, args.end()});
  }
  std::vector<std::string> names;
  for (const CommandSpec& command : group.commands) {
    names.emplace_back(command.name);
  }
  return unknown(std::string(group.name) + " command", args[1], names);
}

}  // namespace

std::span<const GroupSpec* const> command_groups() {
  static const std::array<const GroupSpec*, 5> groups = {
      &assets_group(), &ctx_group(), &run_group(), &stream_group(), &health_group()};
  return groups;
}

int run_lf(const std::vector<std::string>& args) {
  if (args.empty()) {
    print_main_help();
    return kUsageExitCode;
  }
  if (is_help(args[0])) {
    print_main_help();
    return 0;
  }
  if (args[0] == "--version" || args[0] == "version") {
    std::cout << "lf " << LF_VERSION << "\n";
    return 0;
  }
  std::vector<std::string> names;
  for (const GroupSpec* group : command_groups()) {
    if (group->name == args[0]) {
      return run_group(*group, args);
    }
    names.emplace_back(group->name);
  }
  return unknown("command", args[0], names);
}

}  // namespace lf::cli
