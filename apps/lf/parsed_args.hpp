#pragma once

// Strict parsing of one subcommand's arguments with Boost.Program_options:
// unknown flags, missing values, duplicate flags and extra positionals are
// usage errors with one clear line. Thread-safety: plain values.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "command_spec.hpp"

namespace lf::cli {

class ParsedArgs {
 public:
  /// The value of a required positional or a flag that was given.
  /// REQUIRES: the name was declared and given.
  const std::string& get(std::string_view name) const;

  /// The value of an optional positional or flag, if given.
  std::optional<std::string> find(std::string_view name) const;

  /// The values of a variadic positional (empty when none).
  std::vector<std::string> list(std::string_view name) const;

  /// Whether a toggle flag was given.
  bool has(std::string_view name) const;

  std::map<std::string, std::vector<std::string>, std::less<>> values;
};

/// The outcome of parsing: arguments, or an exit code when parsing already
/// decided (0 after printing --help, kUsageExitCode after a usage error).
struct ParseOutcome {
  std::optional<ParsedArgs> args;
  int exit_code = 0;
};

/// Parses `tokens` (everything after "lf <group> <command>") for `command`.
/// Prints --help to stdout and usage errors to stderr as
/// "lf: <group> <command>: <problem>".
ParseOutcome parse_command_args(const GroupSpec& group,
                                const CommandSpec& command,
                                const std::vector<std::string>& tokens);

/// "usage: lf <group> <command> <positionals> [flags]" and the option list.
std::string command_usage(const GroupSpec& group, const CommandSpec& command);

}  // namespace lf::cli
