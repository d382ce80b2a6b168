#include "parser.hpp"

#include <cassert>
#include <charconv>
#include <string>
#include <system_error>

#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

// Deep nesting can only come from hostile or broken input; a fixed limit
// keeps recursion bounded.
constexpr int kMaxDepth = 64;

std::string quoted(const Token& t) {
  if (t.kind == TokenKind::end) {
    return "end of file";
  }
  std::string text(t.text.substr(0, 40));
  return "'" + text + "'";
}

// The spelling without digit separators and without the given suffix letters.
std::string number_body(std::string_view text, std::string_view suffixes) {
  std::string digits;
  for (char c : text) {
    if (c != '\'') {
      digits += c;
    }
  }
  while (!digits.empty() && suffixes.find(digits.back()) != std::string_view::npos) {
    digits.pop_back();
  }
  return digits;
}

// Decimal with optional exponent and an f or l suffix.
double floating_value(const Token& t) {
  const std::string digits = number_body(t.text, "fFlL");
  double v = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec != std::errc() || r.ptr != digits.data() + digits.size()) {
    syntax_error(t.offset, "invalid floating-point literal " + quoted(t));
  }
  return v;
}

// Decimal, 0x, 0b or octal, with u/l/z suffixes; at most INT64_MAX.
long long integer_value(const Token& t) {
  const std::string digits = number_body(t.text, "uUlLzZ");
  int base = 10;
  std::string_view body = digits;
  if (body.size() > 1 && body[0] == '0') {
    const char p = body[1];
    base = (p == 'x' || p == 'X') ? 16 : (p == 'b' || p == 'B') ? 2 : 8;
    body.remove_prefix(base == 8 ? 1 : 2);
  }
  unsigned long long v = 0;
  const auto r = std::from_chars(body.data(), body.data() + body.size(), v, base);
  if (body.empty() || r.ec != std::errc() || r.ptr != body.data() + body.size()
      || v > 0x7fffffffffffffffULL) {
    syntax_error(t.offset, "invalid or too large integer literal " + quoted(t));
  }
  return static_cast<long long>(v);
}

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {
    assert(!tokens_.empty() && tokens_.back().kind == TokenKind::end);
  }

  SyntaxFile run() {
    SyntaxFile file;
    while (cur().kind != TokenKind::end) {
      top_level(file);
    }
    return file;
  }

 private:
  const Token& cur() const { return tokens_[pos_]; }

  const Token& advance() {
    const Token& t = tokens_[pos_];
    if (t.kind != TokenKind::end) {
      ++pos_;
    }
    return t;
  }

  [[noreturn]] void expected(const std::string& what) const {
    syntax_error(cur().offset, "expected " + what + ", found " + quoted(cur()));
  }

  void expect_punct(std::string_view p, const char* what) {
    if (!cur().is(p)) {
      expected(what);
    }
    advance();
  }

  void expect_word(std::string_view w, const char* what) {
    if (!cur().is_word(w)) {
      expected(what);
    }
    advance();
  }

  void top_level(SyntaxFile& file);
  void directive();
  void using_directive();
  void declaration(SyntaxFile& file);
  void meta_declaration(SyntaxFile& file, std::size_t offset);
  void define_function(SyntaxFile& file, std::size_t offset);
  std::string qualified_name();
  Expr expression(int depth);
  Expr primary(int depth);
  std::vector<Expr> arguments(int depth);
  Expr list(int depth);
  Expr number(bool negative, std::size_t offset);

  const std::vector<Token>& tokens_;
  std::size_t pos_ = 0;
};

void Parser::top_level(SyntaxFile& file) {
  if (cur().kind == TokenKind::directive) {
    directive();
  } else if (cur().is_word("using")) {
    using_directive();
  } else if (cur().kind == TokenKind::identifier || cur().is("::")) {
    declaration(file);
  } else if (cur().is(";")) {
    advance();  // a stray empty declaration is valid C++
  } else {
    expected("#include, a using-directive, META or define()");
  }
}

// Only #include and #pragma: a macro could change what the compiler sees,
// and the static reader must see the same thing.
void Parser::directive() {
  std::string_view text = cur().text.substr(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  if (!text.starts_with("include") && !text.starts_with("pragma")) {
    syntax_error(cur().offset, "only #include and #pragma lines are allowed in an asset");
  }
  advance();
}

void Parser::using_directive() {
  advance();
  expect_word("namespace", "'namespace' (only 'using namespace x::y;' is allowed)");
  qualified_name();
  expect_punct(";", "';' after the using-directive");
}

std::string Parser::qualified_name() {
  std::string name;
  if (cur().is("::")) {
    name += "::";
    advance();
  }
  for (;;) {
    if (cur().kind != TokenKind::identifier) {
      expected("a name");
    }
    name += advance().text;
    if (!cur().is("::")) {
      return name;
    }
    name += "::";
    advance();
  }
}

// Specifiers, then either `... AssetMeta META` or `auto define()`.
void Parser::declaration(SyntaxFile& file) {
  const std::size_t offset = cur().offset;
  bool is_constexpr = false;
  while (cur().is_word("inline") || cur().is_word("constexpr") || cur().is_word("static")
         || cur().is_word("const") || cur().is_word("constinit")) {
    is_constexpr = is_constexpr || cur().text == "constexpr";
    advance();
  }
  if (cur().is_word("auto")) {
    advance();
    if (!cur().is_word("define")) {
      expected("define after 'auto' (the only function an asset has is 'auto define()')");
    }
    define_function(file, offset);
    return;
  }
  const std::string type = qualified_name();
  if (!type.ends_with("AssetMeta") || !(type == "AssetMeta" || type.ends_with("::AssetMeta"))) {
    syntax_error(offset,
                 "expected 'inline constexpr AssetMeta META{...};' or 'inline auto define()'");
  }
  if (!is_constexpr) {
    syntax_error(offset, "META must be declared 'inline constexpr'");
  }
  if (!cur().is_word("META")) {
    expected("the name META");
  }
  meta_declaration(file, offset);
}

void Parser::meta_declaration(SyntaxFile& file, std::size_t offset) {
  if (file.has_meta) {
    syntax_error(offset, "META is declared twice");
  }
  advance();
  if (cur().is("=")) {
    advance();
  }
  expect_punct("{", "'{' to start META's designated initialisers");
  while (!cur().is("}")) {
    const std::size_t field_offset = cur().offset;
    expect_punct(".", "a designated initialiser '.field = value'");
    if (cur().kind != TokenKind::identifier) {
      expected("a field name after '.'");
    }
    std::string name(advance().text);
    expect_punct("=", "'=' after the field name");
    file.meta.push_back(MetaField{std::move(name), field_offset, expression(0)});
    if (!cur().is(",")) {
      break;
    }
    advance();
  }
  expect_punct("}", "',' or '}' in META");
  expect_punct(";", "';' after META");
  file.has_meta = true;
  file.meta_offset = offset;
}

void Parser::define_function(SyntaxFile& file, std::size_t offset) {
  if (file.has_define) {
    syntax_error(offset, "define() is declared twice");
  }
  advance();
  expect_punct("(", "'(' after define");
  expect_punct(")", "')': define() takes no parameters");
  expect_punct("{", "'{' to start the body of define()");
  expect_word("return", "'return' (define() is exactly one return statement)");
  file.define_result = expression(0);
  expect_punct(";", "';' after the returned builder chain");
  expect_punct("}", "'}' (define() is exactly one return statement)");
  file.has_define = true;
  file.define_offset = offset;
}

Expr Parser::expression(int depth) {
  if (depth > kMaxDepth) {
    syntax_error(cur().offset, "expression nests too deeply");
  }
  Expr e = primary(depth);
  while (cur().is(".")) {
    advance();
    if (cur().kind != TokenKind::identifier) {
      expected("a method name after '.'");
    }
    Expr next;
    next.offset = cur().offset;
    next.text = std::string(advance().text);
    next.kind = cur().is("(") ? Expr::Kind::method : Expr::Kind::member;
    next.children.push_back(std::move(e));
    if (next.kind == Expr::Kind::method) {
      for (Expr& arg : arguments(depth + 1)) {
        next.children.push_back(std::move(arg));
      }
    }
    e = std::move(next);
  }
  return e;
}

Expr Parser::primary(int depth) {
  const Token& t = cur();
  Expr e;
  e.offset = t.offset;
  if (t.kind == TokenKind::string) {
    e.kind = Expr::Kind::string;
    while (cur().kind == TokenKind::string) {
      if (!cur().plain) {
        syntax_error(cur().offset,
                     "only plain string literals are allowed (no u8, u, U or L prefix)");
      }
      e.text += advance().value;  // adjacent literals concatenate, as in C++
    }
    return e;
  }
  if (t.kind == TokenKind::integer || t.kind == TokenKind::floating) {
    return number(/*negative=*/false, t.offset);
  }
  if (t.is("-")) {
    advance();
    if (cur().kind != TokenKind::integer && cur().kind != TokenKind::floating) {
      expected("a number after '-'");
    }
    return number(/*negative=*/true, t.offset);
  }
  if (t.is_word("true") || t.is_word("false")) {
    e.kind = Expr::Kind::boolean;
    e.boolean = advance().text == "true";
    return e;
  }
  if (t.is("{")) {
    return list(depth);
  }
  if (t.kind != TokenKind::identifier && !t.is("::")) {
    expected("a literal, a name or a call");
  }
  e.text = qualified_name();
  e.kind = Expr::Kind::name;
  if (cur().is("(")) {
    e.kind = Expr::Kind::call;
    e.children = arguments(depth + 1);
  }
  return e;
}

std::vector<Expr> Parser::arguments(int depth) {
  advance();  // '('
  std::vector<Expr> args;
  while (!cur().is(")")) {
    args.push_back(expression(depth));
    if (!cur().is(",")) {
      break;
    }
    advance();
  }
  expect_punct(")", "',' or ')' in the argument list");
  return args;
}

Expr Parser::list(int depth) {
  Expr e;
  e.kind = Expr::Kind::list;
  e.offset = advance().offset;  // '{'
  if (depth > kMaxDepth) {
    syntax_error(e.offset, "expression nests too deeply");
  }
  while (!cur().is("}")) {
    e.children.push_back(expression(depth + 1));
    if (!cur().is(",")) {
      break;
    }
    advance();
  }
  expect_punct("}", "',' or '}' in the braced list");
  return e;
}

Expr Parser::number(bool negative, std::size_t offset) {
  const Token& t = advance();
  Expr e;
  e.offset = offset;
  if (t.kind == TokenKind::floating) {
    e.kind = Expr::Kind::floating;
    e.number = negative ? -floating_value(t) : floating_value(t);
  } else {
    e.kind = Expr::Kind::integer;
    e.integer = negative ? -integer_value(t) : integer_value(t);
  }
  return e;
}

}  // namespace

SyntaxFile parse_asset_tokens(const std::vector<Token>& tokens) {
  return Parser(tokens).run();
}

}  // namespace lf::assets::detail
