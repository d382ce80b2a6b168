#pragma once

// Decoding of C++ escape sequences in string and character literals: simple
// escapes, octal, \x, \u and \U (written out as UTF-8). Private to lf::assets.

#include <cstddef>
#include <string>
#include <string_view>

namespace lf::assets::detail {

/// Decodes the escape sequence starting at the backslash at `pos` in `src`,
/// appends its bytes to `out` and returns the position after it. Throws
/// SyntaxError (at `pos`) for an unknown, incomplete or out-of-range escape.
std::size_t decode_escape(std::string_view src, std::size_t pos, std::string& out);

}  // namespace lf::assets::detail
