#pragma once

// One lexical token of C++ source, as the static reader's lexer produces it.
// Private to lf::assets. Thread-safety: plain values.

#include <cstddef>
#include <string>
#include <string_view>

namespace lf::assets::detail {

enum class TokenKind {
  identifier,
  integer,    ///< decimal, hex, octal or binary; digit separators allowed
  floating,   ///< 1.5, 2e3, .5
  string,     ///< "..." or R"d(...)d", with an optional encoding prefix
  character,  ///< 'a'
  directive,  ///< a whole preprocessor line ("#include <x>")
  punct,      ///< "::" or one character of punctuation
  end,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t offset = 0;  ///< of the first byte in the source
  std::string_view text;   ///< the spelling, as written
  std::string value;       ///< strings: the decoded contents
  bool plain = true;       ///< strings: no encoding prefix (u8, u, U, L)

  bool is(std::string_view punct) const { return kind == TokenKind::punct && text == punct; }

  bool is_word(std::string_view word) const {
    return kind == TokenKind::identifier && text == word;
  }
};

/// The name of a token kind for messages ("string literal").
std::string_view describe(TokenKind kind) noexcept;

}  // namespace lf::assets::detail
