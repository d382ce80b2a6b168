#include <lightflow/assets/diagnostic.hpp>

namespace lf::assets {

std::string Diagnostic::headline() const {
  if (line == 0) {
    return path + ": " + message;
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(col) + ": " + message;
}

std::string Diagnostic::format() const {
  if (line == 0) {
    return headline();
  }
  std::string out = headline();
  out += '\n';
  out += source_line;
  out += '\n';
  // Tabs stay tabs so the caret lines up under the same terminal columns.
  for (int i = 1; i < col && static_cast<std::size_t>(i) <= source_line.size(); ++i) {
    out += source_line[static_cast<std::size_t>(i - 1)] == '\t' ? '\t' : ' ';
  }
  out += '^';
  return out;
}

Error Diagnostic::to_error() const {
  return Error{Code::invalid_argument, format()};
}

}  // namespace lf::assets
