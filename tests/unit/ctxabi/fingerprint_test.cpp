#include <catch2/catch.hpp>

#include <lightflow/ctxabi/fingerprint.hpp>

using lf::ctxabi::fingerprint;

TEST_CASE("fingerprints match the ABI's published vectors", "[ctxabi][fingerprint]") {
  CHECK(fingerprint("openai.chat", "001", "{\"messages\":[]}\n") == "fnv1a64:88617caa4a28271c");
  CHECK(fingerprint("openai.chat", "draft", R"({"messages":[{"role":"user","content":"hi"}]})")
        == "fnv1a64:07e1cb89d535da4b");
}

TEST_CASE("the fingerprint covers format, request id and every body byte",
          "[ctxabi][fingerprint]") {
  const std::string base = fingerprint("openai.chat", "a", "{}");
  CHECK(fingerprint("openai.responses", "a", "{}") != base);
  CHECK(fingerprint("openai.chat", "b", "{}") != base);
  CHECK(fingerprint("openai.chat", "a", "{}\n") != base);
  // The separators keep "ab"+"" apart from "a"+"b".
  CHECK(fingerprint("openai.chat", "ab", "") != fingerprint("openai.chat", "a", "b"));
}

TEST_CASE("fingerprint text is the prefix and sixteen lowercase hex digits",
          "[ctxabi][fingerprint]") {
  CHECK(lf::ctxabi::fingerprint_text(0) == "fnv1a64:0000000000000000");
  CHECK(lf::ctxabi::fingerprint_text(0xABCDEF) == "fnv1a64:0000000000abcdef");
  CHECK(lf::ctxabi::fingerprint_hash("", "", "") != 0);
}
