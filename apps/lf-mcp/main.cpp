// lf-mcp: LightFlow's MCP server on stdio. Builds the Service from the
// environment and serves MCP on stdin/stdout until EOF (docs/mcp.md).

#include <csignal>
#include <iostream>
#include <optional>
#include <string>

#include <boost/program_options.hpp>

#include <lightflow/base/guarded_main.hpp>
#include <lightflow/core/config.hpp>

#include "stdio_loop.hpp"
#include <lf_mcp/server.hpp>

namespace po = boost::program_options;

namespace {

int serve(int argc, char** argv) {
  po::options_description options("lf-mcp [--project DIR]\nLightFlow's MCP server on stdio");
  options.add_options()("help,h", "print this help and exit")("version",
                                                              "print the version and exit")(
      "stdio", "serve on stdin/stdout (the default and only transport)")(
      "project",
      po::value<std::string>(),
      "the project root (default: $LIGHTFLOW_PROJECT, else the working directory)");
  po::variables_map vars;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), vars);
  } catch (const po::error& error) {
    std::cerr << "lf-mcp: " << error.what() << "\nTry 'lf-mcp --help'.\n";
    return 2;
  }
  if (vars.count("help") != 0) {
    std::cout << options;
    return 0;
  }
  if (vars.count("version") != 0) {
    std::cout << "lf-mcp " << LF_VERSION << '\n';
    return 0;
  }
  const auto project =
      vars.count("project") != 0 ? std::optional(vars["project"].as<std::string>()) : std::nullopt;
  auto config = lf::core::config_from_environment(project);
  if (!config) {
    std::cerr << "lf-mcp: " << config.error().local_text() << '\n';
    return 1;
  }
  // A client that goes away must not kill a long call half-way: writes fail instead.
  std::signal(SIGPIPE, SIG_IGN);
  lf::core::Service service(std::move(*config));
  lf::mcp::Options server_options;
  server_options.version = LF_VERSION;
  lf::mcp::Server server(service, server_options);
  return lf::mcp::run_stdio(server);
}

}  // namespace

int main(int argc, char** argv) {
  return lf::guarded_main("lf-mcp", [&] { return serve(argc, argv); });
}
