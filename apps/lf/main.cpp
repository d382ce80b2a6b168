// lf: LightFlow's command line. Parses argv, calls the Service, prints.

#include <string>
#include <vector>

#include <lightflow/base/guarded_main.hpp>

#include "command_table.hpp"

int main(int argc, char** argv) {
  return lf::guarded_main("lf", [&] {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return lf::cli::run_lf(args);
  });
}
