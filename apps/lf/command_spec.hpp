#pragma once

// The shape of one lf subcommand: its positionals, its flags and its handler.
// Groups of commands form the command table (command_table.cpp), from which
// parsing, --help and suggestions are all derived.

#include <span>
#include <string_view>

namespace lf::cli {

/// lf's exit code for a command-line usage error (unknown command or flag,
/// missing or extra argument). Not an lf::Code: the request never reached
/// the Service (docs/errors.md).
inline constexpr int kUsageExitCode = 2;

class Cli;
class ParsedArgs;

enum class Arity { required, optional, variadic };

struct PositionalSpec {
  std::string_view name;  ///< shown as <name> in usage; also the lookup key
  std::string_view help;
  Arity arity = Arity::required;
};

enum class FlagKind { value, toggle };

struct FlagSpec {
  std::string_view name;        ///< without the leading "--"
  std::string_view value_name;  ///< shown as --name <value_name>; empty for toggles
  std::string_view help;
  FlagKind kind = FlagKind::value;
  char short_name = 0;  ///< a one-letter alias (-o), or 0 for none
};

using Handler = int (*)(Cli& cli, const ParsedArgs& args);

struct CommandSpec {
  std::string_view name;
  std::string_view summary;
  std::span<const PositionalSpec> positionals;
  std::span<const FlagSpec> flags;
  Handler run;
};

/// A group whose only command has an empty name is itself a command:
/// `lf <group> [arguments] [options]` (lf health).
struct GroupSpec {
  std::string_view name;
  std::string_view summary;
  std::span<const CommandSpec> commands;
};

}  // namespace lf::cli
