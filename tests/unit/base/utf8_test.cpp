#include <string>

#include <catch2/catch.hpp>

#include <lightflow/base/utf8.hpp>

using lf::base::invalid_utf8_offset;
using lf::base::printable_utf8;

TEST_CASE("well-formed UTF-8 is recognised and ill-formed bytes are located", "[base][utf8]") {
  struct Row {
    std::string text;
    std::optional<std::size_t> bad;
  };

  const Row rows[] = {
      {"", std::nullopt},
      {"plain-ascii.1", std::nullopt},
      {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", std::nullopt},
      {"run\xff", 3},           // a byte no sequence starts with
      {"\xc3\x28", 0},          // a lead byte without its continuation
      {"ab\xe2\x82", 2},        // a sequence cut short
      {"\xc0\xaf", 0},          // an overlong '/'
      {"x\xed\xa0\x80", 1},     // a UTF-16 surrogate
      {"\xf4\x90\x80\x80", 0},  // above U+10FFFF
  };
  for (const Row& row : rows) {
    INFO(printable_utf8(row.text));
    CHECK(invalid_utf8_offset(row.text) == row.bad);
  }
}

TEST_CASE("printable_utf8 escapes only the bytes that are not UTF-8", "[base][utf8]") {
  CHECK(printable_utf8("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(printable_utf8("run\xff\xfe-1") == "run\\xff\\xfe-1");
  CHECK(printable_utf8("\xc3\x28\xc3\xa9") == "\\xc3(\xc3\xa9");
  CHECK_FALSE(invalid_utf8_offset(printable_utf8("\x80\xbf\xf8")));
}
