#pragma once

// A problem at a place in an asset file, printed ninja-style:
//   path:line:col: message
//   <the source line>
//   <spaces>^
// Thread-safety: plain values.

#include <string>

#include <lightflow/base/error.hpp>

namespace lf::assets {

struct Diagnostic {
  std::string path;
  int line = 0;  ///< 1-based; 0 when the problem has no position (an I/O error)
  int col = 0;   ///< 1-based byte column
  std::string message;
  std::string source_line;  ///< the line `line` without its newline; empty when unknown
  std::string asset_id{};   ///< the id META declares, when the reader read META before failing

  /// The first line of format(): "path:line:col: message" (or "path: message").
  std::string headline() const;

  /// "path:line:col: message\n<line>\n<caret>" (just "path: message" without a position).
  std::string format() const;

  /// An invalid_argument Error carrying format().
  Error to_error() const;
};

}  // namespace lf::assets
