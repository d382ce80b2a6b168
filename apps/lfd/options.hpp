#pragma once

// lfd's command line: flags into ServerOptions, with the rules that make a
// start safe (a bearer token is required beyond loopback; the token comes
// from --token-file or LIGHTFLOW_TOKEN). Thread-safety: reads the
// environment; call from main only.

#include <optional>
#include <string>
#include <vector>

#include <lightflow/base/result.hpp>
#include <lightflow/core/config.hpp>

#include "server.hpp"

namespace lf::lfd {

struct CommandLine {
  bool done = false;  ///< --help or --version was printed: exit 0
  std::optional<std::string> project;
  ServerOptions server;
  std::optional<std::string> token_file;
  std::optional<std::string> static_dir;
  bool default_socket = false;  ///< --socket without a path
};

/// Parses argv. Errors: invalid_argument for an unknown flag, a bad value or
/// a stray argument (exit code 2).
Result<CommandLine> parse_command_line(int argc, char** argv);

/// Completes the options with what needs the configuration: the default
/// socket path under the runtime directory and the token. Errors:
/// invalid_argument when listening beyond loopback without a token, or for an
/// empty token; the errors of reading the token file.
Result<ServerOptions> resolve_options(CommandLine command_line, const core::ServiceConfig& config);

}  // namespace lf::lfd
