#include <catch2/catch.hpp>

#include <lightflow/ctxabi/api_format.hpp>

using lf::ctxabi::ApiFormat;
using lf::ctxabi::parse_api_format;

TEST_CASE("the four API formats round-trip through their stable names", "[ctxabi][format]") {
  const std::pair<const char*, ApiFormat> table[] = {
      {"openai.chat", ApiFormat::openai_chat},
      {"openai.responses", ApiFormat::openai_responses},
      {"anthropic.messages", ApiFormat::anthropic_messages},
      {"google.generate_content", ApiFormat::google_generate_content},
  };
  for (const auto& [name, format] : table) {
    auto parsed = parse_api_format(name);
    REQUIRE(parsed);
    CHECK(*parsed == format);
    CHECK(lf::ctxabi::to_string(format) == name);
  }
}

TEST_CASE("unknown or differently spelled formats are rejected with the stable message",
          "[ctxabi][format]") {
  for (const char* bad : {"openai-chat", "OpenAI.Chat", "", "openai.chat ", "tool.invoke"}) {
    auto parsed = parse_api_format(bad);
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code == lf::Code::invalid_argument);
    CHECK_THAT(parsed.error().message,
               Catch::StartsWith(std::string("invalid api_format UnsupportedValue: ") + bad));
  }
}
