// lf: LightFlow's command line. Parses argv, calls the Service, prints.

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command_table.hpp"

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    return lf::cli::run_lf(args);
  } catch (const std::exception& error) {
    std::cerr << "lf: internal error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "lf: internal error\n";
  }
  return 70;
}
