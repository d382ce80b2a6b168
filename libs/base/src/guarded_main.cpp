#include <exception>
#include <iostream>

#include <lightflow/base/guarded_main.hpp>

namespace lf {

int guarded_main(std::string_view program, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    std::cerr << program << ": internal error: " << error.what() << '\n';
  } catch (...) {
    std::cerr << program << ": internal error\n";
  }
  return kInternalErrorExitCode;
}

}  // namespace lf
