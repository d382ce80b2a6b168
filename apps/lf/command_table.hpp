#pragma once

// The table of lf's command groups. Each group lives in its own file
// (<group>_commands.cpp) and is listed once in command_table.cpp.

#include <span>
#include <string>
#include <vector>

#include "command_spec.hpp"

namespace lf::cli {

const GroupSpec& assets_group();
const GroupSpec& ctx_group();
const GroupSpec& run_group();
const GroupSpec& stream_group();
const GroupSpec& health_group();

/// lf run's commands that execute a run to the end (exec_commands.cpp).
std::span<const CommandSpec> exec_commands();

/// Every group, in the order `lf --help` lists them.
std::span<const GroupSpec* const> command_groups();

/// Runs lf with its arguments (argv without the program name); returns the
/// process exit code.
int run_lf(const std::vector<std::string>& args);

}  // namespace lf::cli
