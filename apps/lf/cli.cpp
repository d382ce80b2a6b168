#include "cli.hpp"

#include <unistd.h>

#include <iostream>

#include <lightflow/core/error_mapping.hpp>
#include <lightflow/core/json_text.hpp>

#include "parsed_args.hpp"

namespace lf::cli {

Cli::Cli() : stdout_is_terminal_(isatty(STDOUT_FILENO) == 1) {}

Result<core::Service*> Cli::service(const ParsedArgs& args) {
  if (!service_) {
    auto config = core::config_from_environment(args.find("project"));
    if (!config) {
      return fail(std::move(config).error());
    }
    service_ = std::make_unique<core::Service>(std::move(*config));
  }
  return service_.get();
}

int Cli::print_json(const boost::json::value& value) const {
  std::cout << core::to_pretty_json(value) << '\n';
  return 0;
}

int Cli::print_text(std::string_view text) const {
  std::cout << text;
  return 0;
}

int Cli::report(const Error& error) const {
  // The local user may see host paths: the detail, when there is one. A
  // not_found message only names the missing thing ("run r1"), so say what
  // happened to it.
  std::cerr << "lf: " << (error.code == Code::not_found ? "not found: " : "") << error.local_text()
            << '\n';
  return core::error_mapping(error.code).exit_code;
}

OutputStyle Cli::output_style(const ParsedArgs& args) const {
  return stdout_is_terminal_ && !args.has("json") ? OutputStyle::human : OutputStyle::json;
}

}  // namespace lf::cli
