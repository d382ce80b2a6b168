// lfd: LightFlow's HTTP gateway. Builds the Service from the environment and
// serves it over HTTP until SIGTERM (docs/lfd.md).

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <lightflow/base/guarded_main.hpp>
#include <lightflow/core/error_mapping.hpp>

#include "options.hpp"
#include "server.hpp"

namespace {

// A command line lfd cannot use exits 2, as every LightFlow program's does.
constexpr int kUsageExitCode = 2;

int report(const lf::Error& error, int code) {
  std::cerr << "lfd: " << error.local_text() << '\n';
  return code;
}

int serve(int argc, char** argv) {
  auto line = lf::lfd::parse_command_line(argc, argv);
  if (!line) {
    return report(line.error(), kUsageExitCode);
  }
  if (line->done) {
    return 0;
  }
  auto config = lf::core::config_from_environment(line->project);
  if (!config) {
    return report(config.error(), lf::core::error_mapping(config.error().code).exit_code);
  }
  auto options = lf::lfd::resolve_options(std::move(*line), *config);
  if (!options) {
    return report(options.error(), lf::core::error_mapping(options.error().code).exit_code);
  }
  config->max_executions = options->max_executions;
  // The runs lfd executes are marked as lfd's, so that the next lfd resumes
  // the ones this one leaves unfinished.
  config->execution_owner = "lfd";
  lf::core::Service service(std::move(*config));
  lf::lfd::Server server(std::move(*options), service);
  if (auto listening = server.listen(); !listening) {
    return report(listening.error(), lf::core::error_mapping(listening.error().code).exit_code);
  }
  server.run();
  if (server.active_executions() > 0) {
    // Runs still executing are left as their records are (every write is
    // atomic), to be resumed: the Service's destructor would cancel them,
    // so the process ends without running it.
    std::fflush(stderr);
    std::_Exit(0);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return lf::guarded_main("lfd", [&] { return serve(argc, argv); });
}
