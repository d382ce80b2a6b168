#include "lexer.hpp"

#include <string>

#include "escapes.hpp"
#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
         || static_cast<unsigned char>(c) >= 0x80;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_ident_char(char c) {
  return is_ident_start(c) || is_digit(c);
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    tokens.reserve(src_.size() / 4 + 1);
    for (;;) {
      skip_space_and_comments();
      if (pos_ >= src_.size()) {
        Token end;
        end.offset = src_.size();
        tokens.push_back(std::move(end));
        return tokens;
      }
      tokens.push_back(next());
    }
  }

 private:
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
  }

  bool at_line_start(std::size_t at) const {
    while (at > 0) {
      const char c = src_[at - 1];
      if (c == '\n') {
        return true;
      }
      if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') {
        return false;
      }
      --at;
    }
    return true;
  }

  void skip_space_and_comments() {
    while (pos_ < src_.size()) {
      const char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (c == '/' && peek(1) == '/') {
        skip_line_comment();
      } else if (c == '/' && peek(1) == '*') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  // A backslash at the end of a // comment continues it onto the next line.
  void skip_line_comment() {
    while (pos_ < src_.size() && src_[pos_] != '\n') {
      if (src_[pos_] == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
        pos_ += peek(1) == '\r' ? 3U : 2U;
        continue;
      }
      ++pos_;
    }
  }

  void skip_block_comment() {
    const std::size_t start = pos_;
    const auto close = src_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) {
      syntax_error(start, "unterminated /* comment");
    }
    pos_ = close + 2;
  }

  Token make(TokenKind kind, std::size_t start) const {
    Token t;
    t.kind = kind;
    t.offset = start;
    t.text = src_.substr(start, pos_ - start);
    return t;
  }

  Token next() {
    const std::size_t start = pos_;
    const char c = src_[pos_];
    if (c == '#' && at_line_start(start)) {
      return directive();
    }
    if (is_ident_start(c)) {
      return identifier_or_literal();
    }
    if (is_digit(c) || (c == '.' && is_digit(peek(1)))) {
      return number();
    }
    if (c == '"') {
      return string_literal(start, /*plain=*/true);
    }
    if (c == '\'') {
      return char_literal(start);
    }
    return punct();
  }

  Token directive();
  Token identifier_or_literal();
  Token number();
  Token string_literal(std::size_t start, bool plain);
  Token raw_string(std::size_t start, bool plain);
  Token char_literal(std::size_t start);
  Token punct();

  std::string_view src_;
  std::size_t pos_ = 0;
};

// A preprocessor line runs to the end of the line, with backslash
// continuations; comments and strings inside it are skipped as units so a
// "/*" that spans lines does not end the directive early.
Token Lexer::directive() {
  const std::size_t start = pos_;
  while (pos_ < src_.size() && src_[pos_] != '\n') {
    const char c = src_[pos_];
    if (c == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n'))) {
      pos_ += peek(1) == '\r' ? 3U : 2U;
    } else if (c == '/' && peek(1) == '*') {
      skip_block_comment();
    } else if (c == '/' && peek(1) == '/') {
      const std::size_t end = pos_;
      skip_line_comment();
      Token t = make(TokenKind::directive, start);
      t.text = src_.substr(start, end - start);
      return t;
    } else if (c == '"') {
      string_literal(pos_, /*plain=*/true);
    } else {
      ++pos_;
    }
  }
  return make(TokenKind::directive, start);
}

Token Lexer::identifier_or_literal() {
  const std::size_t start = pos_;
  while (pos_ < src_.size() && is_ident_char(src_[pos_])) {
    ++pos_;
  }
  const std::string_view word = src_.substr(start, pos_ - start);
  const char c = peek();
  const bool prefix = word == "u8" || word == "u" || word == "U" || word == "L";
  const bool raw_prefix =
      word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR";
  if (c == '"' && prefix) {
    return string_literal(start, /*plain=*/false);
  }
  if (c == '"' && raw_prefix) {
    return raw_string(start, word == "R");
  }
  if (c == '\'' && prefix) {
    return char_literal(start);
  }
  return make(TokenKind::identifier, start);
}

// A pp-number: digits, letters, '.', digit separators and signed exponents.
Token Lexer::number() {
  const std::size_t start = pos_;
  bool floating = src_[pos_] == '.';
  const bool hex = src_[pos_] == '0' && (peek(1) == 'x' || peek(1) == 'X');
  ++pos_;
  while (pos_ < src_.size()) {
    const char c = src_[pos_];
    const bool exponent = hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E');
    if (exponent && (peek(1) == '+' || peek(1) == '-')) {
      floating = true;
      pos_ += 2;
    } else if (c == '\'' && is_ident_char(peek(1))) {
      pos_ += 2;
    } else if (c == '.' || is_ident_char(c)) {
      floating = floating || c == '.' || exponent;
      ++pos_;
    } else {
      break;
    }
  }
  return make(floating ? TokenKind::floating : TokenKind::integer, start);
}

Token Lexer::string_literal(std::size_t start, bool plain) {
  ++pos_;  // the opening quote
  std::string value;
  for (;;) {
    if (pos_ >= src_.size() || src_[pos_] == '\n') {
      syntax_error(start, "unterminated string literal");
    }
    const char c = src_[pos_];
    if (c == '"') {
      ++pos_;
      break;
    }
    if (c == '\\') {
      pos_ = decode_escape(src_, pos_, value);
    } else {
      value += c;
      ++pos_;
    }
  }
  Token t = make(TokenKind::string, start);
  t.value = std::move(value);
  t.plain = plain;
  return t;
}

Token Lexer::raw_string(std::size_t start, bool plain) {
  ++pos_;  // the opening quote
  const std::size_t delim_start = pos_;
  while (pos_ < src_.size() && src_[pos_] != '(') {
    const char c = src_[pos_];
    if (c == ')' || c == '\\' || c == ' ' || c == '"' || c == '\n' || pos_ - delim_start >= 16) {
      syntax_error(start, "invalid raw string delimiter (at most 16 characters, then '(')");
    }
    ++pos_;
  }
  if (pos_ >= src_.size()) {
    syntax_error(start, "unterminated raw string literal");
  }
  std::string closing = ")";
  closing += src_.substr(delim_start, pos_ - delim_start);
  closing += '"';
  const auto end = src_.find(closing, pos_ + 1);
  if (end == std::string_view::npos) {
    syntax_error(start, "unterminated raw string literal (expected " + closing + ")");
  }
  std::string value(src_.substr(pos_ + 1, end - pos_ - 1));
  pos_ = end + closing.size();
  Token t = make(TokenKind::string, start);
  t.value = std::move(value);
  t.plain = plain;
  return t;
}

Token Lexer::char_literal(std::size_t start) {
  while (src_[pos_] != '\'') {
    ++pos_;  // an encoding prefix
  }
  ++pos_;
  std::string value;
  for (;;) {
    if (pos_ >= src_.size() || src_[pos_] == '\n') {
      syntax_error(start, "unterminated character literal");
    }
    if (src_[pos_] == '\'') {
      ++pos_;
      break;
    }
    if (src_[pos_] == '\\') {
      pos_ = decode_escape(src_, pos_, value);
    } else {
      value += src_[pos_++];
    }
  }
  if (value.empty()) {
    syntax_error(start, "empty character literal");
  }
  Token t = make(TokenKind::character, start);
  t.value = std::move(value);
  return t;
}

Token Lexer::punct() {
  const std::size_t start = pos_;
  const char c = src_[pos_];
  if (c == ':' && peek(1) == ':') {
    pos_ += 2;
    return make(TokenKind::punct, start);
  }
  static constexpr std::string_view kPunct = "{}[]()<>;:,.=+-*/%&|^!~?#";
  if (kPunct.find(c) == std::string_view::npos) {
    syntax_error(start, "unexpected character in C++ source");
  }
  ++pos_;
  return make(TokenKind::punct, start);
}

}  // namespace

std::string_view describe(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::identifier:
      return "identifier";
    case TokenKind::integer:
      return "integer literal";
    case TokenKind::floating:
      return "floating-point literal";
    case TokenKind::string:
      return "string literal";
    case TokenKind::character:
      return "character literal";
    case TokenKind::directive:
      return "preprocessor line";
    case TokenKind::punct:
      return "punctuation";
    case TokenKind::end:
      return "end of file";
  }
  return "token";
}

std::vector<Token> tokenize(std::string_view source) {
  return Lexer(source).run();
}

}  // namespace lf::assets::detail
