// The offline provider and the HTTP provider's request shaping, without a network.

#include <cstdlib>
#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "providers/http_client.hpp"
#include "providers/http_provider.hpp"
#include "providers/offline_provider.hpp"

using namespace lf::ctxfs;

TEST_CASE("the offline provider answers chat deterministically and says what it is",
          "[ctxfs][offline]") {
  const std::string body =
      R"({"messages":[{"role":"user","content":"first"},{"role":"assistant","content":"x"},)"
      R"({"role":"user","content":"summarise these four words"}]})";
  auto a = offline_answer("openai.chat", "r1", body);
  auto b = offline_answer("openai.chat", "r1", body);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->body == b->body);
  const auto reply = boost::json::parse(a->body).as_object();
  CHECK(reply.at("object") == "chat.completion");
  CHECK(reply.at("model") == "offline");
  CHECK(reply.at("provider") == "local");
  const auto& content =
      reply.at("choices").as_array().at(0).at("message").at("content").as_string();
  CHECK(std::string(content).find("offline provider local") != std::string::npos);
  CHECK(std::string(content).find("not a model") != std::string::npos);
  CHECK(std::string(content).find("received 4 words: summarise these four words")
        != std::string::npos);
  CHECK(a->input_tokens == 4);
  CHECK(reply.at("usage").at("prompt_tokens") == 4);
}

TEST_CASE("the offline provider answers responses and refuses other formats and non-JSON",
          "[ctxfs][offline]") {
  auto r = offline_answer(
      "openai.responses",
      "r2",
      R"({"input":[{"role":"user","content":[{"type":"input_text","text":"hi"}]}]})");
  REQUIRE(r);
  const auto reply = boost::json::parse(r->body).as_object();
  CHECK(reply.at("object") == "response");
  CHECK(std::string(reply.at("output_text").as_string()).find("received 1 words: hi")
        != std::string::npos);
  auto anthropic = offline_answer("anthropic.messages", "r3", "{}");
  REQUIRE_FALSE(anthropic);
  CHECK(anthropic.error().message == "unsupported provider format: anthropic.messages");
  auto garbage = offline_answer("openai.chat", "r4", "not json");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().message == "invalid request: body is not a JSON object");
}

TEST_CASE("endpoint URLs follow the spec's /v1 rule", "[ctxfs][http]") {
  struct Case {
    const char* base;
    const char* format;
    const char* url;
  };

  for (const auto& c :
       {Case{"http://127.0.0.1:8080", "openai.chat", "http://127.0.0.1:8080/v1/chat/completions"},
        Case{" http://h/v1/ \n", "openai.chat", "http://h/v1/chat/completions"},
        Case{"http://h:1/api", "openai.responses", "http://h:1/api/v1/responses"}}) {
    auto url = endpoint_url(c.base, c.format);
    REQUIRE(url);
    CHECK(*url == c.url);
  }
  CHECK_FALSE(endpoint_url("http://h", "google.generate_content"));
}

TEST_CASE("the upstream body gets the routed model only when it names none", "[ctxfs][http]") {
  CHECK(*upstream_body(R"({"messages":[]})", "m1") == R"({"messages":[],"model":"m1"})");
  CHECK(*upstream_body(R"({"model":"mine","messages":[]})", "m1")
        == R"({"model":"mine","messages":[]})");
  CHECK(*upstream_body(R"({"messages":[]})", "") == R"({"messages":[]})");
  CHECK_FALSE(upstream_body("[1,2]", "m1"));
}

TEST_CASE("keyrefs resolve env: variables and never invent a key", "[ctxfs][http]") {
  ::setenv("CTXFS_UNIT_KEY", "sk-unit", 1);
  CHECK(resolve_key("env:CTXFS_UNIT_KEY", "fallback") == "sk-unit");
  CHECK(resolve_key("env:CTXFS_UNIT_MISSING", "fallback").empty());
  CHECK(resolve_key("", "fallback") == "fallback");
}

TEST_CASE("http and https URLs are parsed and other schemes refused", "[ctxfs][http]") {
  auto url = parse_http_url("http://127.0.0.1:8080/v1/chat/completions");
  REQUIRE(url);
  CHECK(url->host == "127.0.0.1");
  CHECK(url->port == "8080");
  CHECK(url->target == "/v1/chat/completions");
  CHECK(parse_http_url("http://example")->port == "80");
  CHECK_FALSE(parse_http_url("http://example")->tls);
  auto secure = parse_http_url("https://api.example/v1/responses");
  REQUIRE(secure);
  CHECK(secure->tls);
  CHECK(secure->port == "443");
  CHECK_FALSE(parse_http_url("ftp://x"));
}

TEST_CASE("a refused connection is a transport failure, not a hang", "[ctxfs][http]") {
  auto url = parse_http_url("http://127.0.0.1:1/v1/chat/completions");
  REQUIRE(url);
  auto reply =
      http_post(*url, "", "{}", std::chrono::milliseconds(500), std::chrono::milliseconds(1000));
  REQUIRE_FALSE(reply);
  CHECK(reply.error().message.find("connect to 127.0.0.1:1") != std::string::npos);
}
