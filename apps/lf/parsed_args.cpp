#include "parsed_args.hpp"

#include <algorithm>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "suggest.hpp"

namespace po = boost::program_options;

namespace lf::cli {
namespace {

// Extra positionals land here so that the message can name the first one.
constexpr const char* kExtraKey = "__extra";

std::string command_path(const GroupSpec& group, const CommandSpec& command) {
  if (command.name.empty()) {
    return std::string(group.name);  // a group that is one command (lf health)
  }
  return std::string(group.name) + " " + std::string(command.name);
}

po::options_description visible_options(const CommandSpec& command) {
  po::options_description options("options");
  options.add_options()("help,h", "show this help and exit");
  options.add_options()("project",
                        po::value<std::string>()->value_name("dir"),
                        "project root (default: $LIGHTFLOW_PROJECT, then the working directory)");
  for (const FlagSpec& flag : command.flags) {
    std::string name(flag.name);
    if (flag.short_name != 0) {
      name += std::string(",") + flag.short_name;  // Program_options' "long,s"
    }
    const std::string help(flag.help);
    if (flag.kind == FlagKind::toggle) {
      options.add_options()(name.c_str(), help.c_str());
    } else {
      options.add_options()(name.c_str(),
                            po::value<std::string>()->value_name(std::string(flag.value_name)),
                            help.c_str());
    }
  }
  return options;
}

int usage_error(const GroupSpec& group, const CommandSpec& command, const std::string& problem) {
  std::cerr << "lf: " << command_path(group, command) << ": " << problem << "\n"
            << "Try 'lf " << command_path(group, command) << " --help'.\n";
  return kUsageExitCode;
}

std::vector<std::string> flag_names(const CommandSpec& command) {
  std::vector<std::string> names{"--help", "--project"};
  for (const FlagSpec& flag : command.flags) {
    names.push_back("--" + std::string(flag.name));
  }
  return names;
}

std::string describe(const po::error& error, const CommandSpec& command) {
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&error)) {
    std::string message = "unknown flag " + unknown->get_option_name();
    if (auto guess = closest_match(unknown->get_option_name(), flag_names(command))) {
      message += " (did you mean " + *guess + "?)";
    }
    return message;
  }
  if (const auto* multiple = dynamic_cast<const po::multiple_occurrences*>(&error)) {
    return "duplicate flag " + multiple->get_option_name();
  }
  if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&error)) {
    if (syntax->kind() == po::invalid_syntax::missing_parameter) {
      return "missing value for " + syntax->get_option_name();
    }
  }
  return error.what();
}

std::optional<std::string> flag_missing_value(const CommandSpec& command,
                                              const std::vector<std::string>& tokens) {
  std::vector<std::string> value_flags{"--project"};
  for (const FlagSpec& flag : command.flags) {
    if (flag.kind == FlagKind::value) {
      value_flags.push_back("--" + std::string(flag.name));
      if (flag.short_name != 0) {
        value_flags.push_back(std::string("-") + flag.short_name);
      }
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] == "--") {
      break;
    }
    if (std::find(value_flags.begin(), value_flags.end(), tokens[i]) == value_flags.end()) {
      continue;
    }
    if (i + 1 == tokens.size() || tokens[i + 1].starts_with("--")) {
      return tokens[i];
    }
    ++i;
  }
  return std::nullopt;
}

}  // namespace

const std::string& ParsedArgs::get(std::string_view name) const {
  return values.find(name)->second.front();
}

std::optional<std::string> ParsedArgs::find(std::string_view name) const {
  const auto found = values.find(name);
  if (found == values.end() || found->second.empty()) {
    return std::nullopt;
  }
  return found->second.front();
}

std::vector<std::string> ParsedArgs::list(std::string_view name) const {
  const auto found = values.find(name);
  return found == values.end() ? std::vector<std::string>{} : found->second;
}

bool ParsedArgs::has(std::string_view name) const {
  return values.contains(name);
}

std::string command_usage(const GroupSpec& group, const CommandSpec& command) {
  std::ostringstream out;
  out << "usage: lf " << command_path(group, command);
  for (const PositionalSpec& positional : command.positionals) {
    switch (positional.arity) {
      case Arity::required:
        out << " <" << positional.name << ">";
        break;
      case Arity::optional:
        out << " [<" << positional.name << ">]";
        break;
      case Arity::variadic:
        out << " [<" << positional.name << ">...]";
        break;
    }
  }
  out << " [options]\n\n" << command.summary << "\n";
  if (!command.positionals.empty()) {
    out << "\narguments:\n";
    for (const PositionalSpec& positional : command.positionals) {
      out << "  <" << positional.name << ">  " << positional.help << "\n";
    }
  }
  out << "\n" << visible_options(command);
  return out.str();
}

ParseOutcome parse_command_args(const GroupSpec& group,
                                const CommandSpec& command,
                                const std::vector<std::string>& tokens) {
  po::options_description all = visible_options(command);
  po::positional_options_description positional;
  for (const PositionalSpec& spec : command.positionals) {
    const std::string name(spec.name);
    const bool many = spec.arity == Arity::variadic;
    all.add_options()(name.c_str(),
                      many ? po::value<std::vector<std::string>>()->composing()
                           : po::value<std::vector<std::string>>());
    positional.add(name.c_str(), many ? -1 : 1);
  }
  // A variadic positional takes every remaining token; only without one can
  // tokens be left over (and Program_options keeps just one "-1" entry).
  const bool has_variadic = std::any_of(
      command.positionals.begin(), command.positionals.end(), [](const PositionalSpec& spec) {
        return spec.arity == Arity::variadic;
      });
  if (!has_variadic) {
    all.add_options()(kExtraKey, po::value<std::vector<std::string>>()->composing());
    positional.add(kExtraKey, -1);
  }

  // Program_options would take "--next-flag" as the value of a flag that needs
  // one; a script that forgot the value must hear about it instead.
  if (auto flag = flag_missing_value(command, tokens)) {
    return {std::nullopt, usage_error(group, command, "missing value for " + *flag)};
  }
  po::variables_map map;
  try {
    // No abbreviations: a script must say exactly what it means.
    const auto style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
    po::store(
        po::command_line_parser(tokens).options(all).positional(positional).style(style).run(),
        map);
  } catch (const po::error& error) {
    return {std::nullopt, usage_error(group, command, describe(error, command))};
  }
  if (map.count("help") != 0) {
    std::cout << command_usage(group, command);
    return {std::nullopt, 0};
  }
  if (map.count(kExtraKey) != 0) {
    const auto& extra = map[kExtraKey].as<std::vector<std::string>>();
    return {std::nullopt, usage_error(group, command, "unexpected argument " + extra.front())};
  }
  ParsedArgs parsed;
  for (const PositionalSpec& spec : command.positionals) {
    const std::string name(spec.name);
    if (map.count(name) != 0) {
      parsed.values[name] = map[name].as<std::vector<std::string>>();
    } else if (spec.arity == Arity::required) {
      return {std::nullopt, usage_error(group, command, "missing <" + name + ">")};
    }
  }
  for (const auto& [name, value] : map) {
    if (name == kExtraKey || parsed.values.contains(name)) {
      continue;
    }
    if (const auto* text = boost::any_cast<std::string>(&value.value())) {
      parsed.values[name] = {*text};
    } else {
      parsed.values[name] = {};
    }
  }
  return {std::move(parsed), 0};
}

}  // namespace lf::cli
