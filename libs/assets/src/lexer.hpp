#pragma once

// A lexer for real C++ source (ninja-style: one pass, no backtracking beyond a
// few bytes). Comments and whitespace are skipped; everything else becomes a
// Token. Errors (an unterminated literal or comment, a bad escape, a stray
// byte) throw SyntaxError with the byte offset.
// Thread-safety: one Lexer per thread.

#include <string_view>
#include <vector>

#include "token.hpp"

namespace lf::assets::detail {

/// Splits `source` into tokens, ending with one TokenKind::end token.
/// Throws SyntaxError on the first lexical error.
std::vector<Token> tokenize(std::string_view source);

}  // namespace lf::assets::detail
