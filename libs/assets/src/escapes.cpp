#include "escapes.hpp"

#include <cstdint>

#include "syntax_error.hpp"

namespace lf::assets::detail {
namespace {

char peek(std::string_view src, std::size_t pos) {
  return pos < src.size() ? src[pos] : '\0';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

int hex_value(char c) {
  if (is_digit(c)) {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Asset strings become JSON text, so a lone byte above 0x7f (which would not
// be valid UTF-8) is refused; the character itself or \u works.
constexpr const char* kNotText =
    "octal and \\x escapes above 0x7f are not valid UTF-8 text; write the character or use \\u";

}  // namespace

std::size_t decode_escape(std::string_view src, std::size_t pos, std::string& out) {
  const std::size_t start = pos;
  ++pos;  // the backslash
  if (pos >= src.size()) {
    syntax_error(start, "unterminated escape sequence");
  }
  const char c = src[pos++];
  switch (c) {
    case 'n':
      out += '\n';
      return pos;
    case 't':
      out += '\t';
      return pos;
    case 'r':
      out += '\r';
      return pos;
    case 'a':
      out += '\a';
      return pos;
    case 'b':
      out += '\b';
      return pos;
    case 'f':
      out += '\f';
      return pos;
    case 'v':
      out += '\v';
      return pos;
    case '\\':
    case '\'':
    case '"':
    case '?':
      out += c;
      return pos;
    default:
      break;
  }
  if (c >= '0' && c <= '7') {
    unsigned v = static_cast<unsigned>(c - '0');
    for (int i = 0; i < 2 && peek(src, pos) >= '0' && peek(src, pos) <= '7'; ++i) {
      v = v * 8 + static_cast<unsigned>(src[pos++] - '0');
    }
    if (v > 0x7F) {
      syntax_error(start, kNotText);
    }
    out += static_cast<char>(v);
    return pos;
  }
  const int digits = c == 'x' ? 2 : (c == 'u' ? 4 : (c == 'U' ? 8 : 0));
  if (digits == 0) {
    syntax_error(start, std::string("unknown escape sequence \\") + c);
  }
  std::uint32_t v = 0;
  int n = 0;
  while ((c == 'x' || n < digits) && hex_value(peek(src, pos)) >= 0) {
    if (v > 0x10FFFF) {
      syntax_error(start, "escape sequence out of range");
    }
    v = v * 16 + static_cast<std::uint32_t>(hex_value(src[pos++]));
    ++n;
  }
  if (n == 0 || (c != 'x' && n != digits)) {
    syntax_error(start, std::string("incomplete \\") + c + " escape sequence");
  }
  if (c == 'x') {
    if (v > 0x7F) {
      syntax_error(start, kNotText);
    }
    out += static_cast<char>(v);
  } else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
    syntax_error(start, "invalid universal character name");
  } else {
    append_utf8(out, v);
  }
  return pos;
}

}  // namespace lf::assets::detail
