// lf-executor: executes one run detached from the process that started it
// (Service::run_start). Everything it does is in lf::core.

#include <exception>
#include <iostream>

#include <lightflow/core/executor_main.hpp>

int main(int argc, char** argv) {
  try {
    return lf::core::executor_main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "lf-executor: internal error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << "lf-executor: internal error\n";
  }
  return 70;
}
