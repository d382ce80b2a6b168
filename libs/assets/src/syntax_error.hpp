#pragma once

// The one exception the static reader uses internally: thrown at the first
// problem, caught at read_asset_source and turned into a Diagnostic. Parsing
// stops at the first error, as ninja's does, so unwinding is the simplest way out.

#include <cstddef>
#include <string>
#include <utility>

namespace lf::assets::detail {

struct SyntaxError {
  std::size_t offset = 0;
  std::string message;
};

[[noreturn]] inline void syntax_error(std::size_t offset, std::string message) {
  throw SyntaxError{offset, std::move(message)};
}

}  // namespace lf::assets::detail
