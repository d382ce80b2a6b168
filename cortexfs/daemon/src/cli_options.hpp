#pragma once

// The ctxfs command line: `ctxfs mount [<dir>] [options]`, `--help`,
// `--version`. Parsing is strict: an unknown flag, a missing value or an extra
// argument is an error. Thread-safety: pure functions.

#include <string>
#include <vector>

#include <lightflow/base/result.hpp>

#include "daemon_config.hpp"

namespace lf::ctxfs {

enum class CliAction { help, version, mount };

struct CliCommand {
  CliAction action = CliAction::help;
  DaemonConfig config;
};

/// Parses argv (argv[0] excluded). Defaults: mount point /ctx, state dir
/// $XDG_STATE_HOME/cortexfs (else ~/.local/state/cortexfs), config dir
/// $XDG_CONFIG_HOME/cortexfs (else ~/.config/cortexfs), 4 workers, timeouts
/// from CORTEXFS_CONNECT_TIMEOUT_MS / CORTEXFS_TIMEOUT_MS (else 15 s / 30 s).
/// Paths are made absolute. Returns invalid_argument with a one-line message.
Result<CliCommand> parse_command_line(const std::vector<std::string>& args);

/// The --help text.
std::string usage_text();

}  // namespace lf::ctxfs
