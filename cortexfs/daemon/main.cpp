// ctxfs: the CortexFS FUSE daemon. Parses the command line and hands over to
// run_mount; see docs/cortexfs.md.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli_options.hpp"
#include "fs/mount_session.hpp"

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    auto command = lf::ctxfs::parse_command_line(args);
    if (!command) {
      std::cerr << "ctxfs: " << command.error().message << "\n";
      return 2;
    }
    switch (command->action) {
      case lf::ctxfs::CliAction::help:
        std::cout << lf::ctxfs::usage_text();
        return 0;
      case lf::ctxfs::CliAction::version:
        std::cout << "ctxfs " << LF_VERSION << "\n";
        return 0;
      case lf::ctxfs::CliAction::mount:
        return lf::ctxfs::run_mount(command->config);
    }
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ctxfs: internal error: " << e.what() << "\n";
    return 1;
  }
}
