// Routing, channels and their persistence.

#include <string>

#include <catch2/catch.hpp>

#include "commit/router.hpp"
#include "providers/channel_store.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using namespace lf::ctxfs;

TEST_CASE("with nothing configured every format routes to local", "[ctxfs][router]") {
  ChannelStore channels("");
  const auto providers = configured_providers(channels, std::nullopt);
  for (const char* format : {"openai.chat", "openai.responses"}) {
    const auto route = route_for(format, providers, {});
    CHECK(route.provider == "local");
    CHECK(route.model == "offline");
    CHECK(route.reason == "ready");
  }
  const auto anthropic = route_for("anthropic.messages", providers, {});
  CHECK(anthropic.provider == "local");
  CHECK(anthropic.reason == "unsupported_format");
  CHECK(anthropic.accepts_commit());
}

TEST_CASE("a ready channel wins, then the environment, then local", "[ctxfs][router]") {
  ChannelStore channels("");
  ProviderInfo env;
  env.id = "openai-compatible";
  env.family = ProviderFamily::openai_compatible;
  env.formats = {"openai.chat"};
  env.default_model = "gpt-4o-mini";
  env.source = "env";
  CHECK(route_for("openai.chat", configured_providers(channels, env), {}).provider
        == "openai-compatible");
  REQUIRE(channels.create("llm"));
  REQUIRE(channels.set("llm", "url", "http://127.0.0.1:8080"));
  CHECK(route_for("openai.chat", configured_providers(channels, env), {}).provider
        == "openai-compatible");
  REQUIRE(channels.set("llm", "keyref", "env:NONE"));
  CHECK(channels.all().at("llm").status() == "ready");
  const auto route = route_for("openai.chat", configured_providers(channels, env), {});
  CHECK(route.provider == "llm");
  CHECK(route.model == "*");
  UserPolicy policy;
  policy.allowed_providers = {"local"};
  CHECK(route_for("openai.chat", configured_providers(channels, env), policy).provider == "local");
  policy.allowed_providers = {"nobody"};
  CHECK(route_for("openai.chat", configured_providers(channels, env), policy).reason
        == "policy_denied");
  UserPolicy pinned;
  pinned.default_provider = "local";
  CHECK(route_for("openai.chat", configured_providers(channels, env), pinned).provider == "local");
}

TEST_CASE("channel fields are validated and their status derived", "[ctxfs][channel]") {
  ChannelStore channels("");
  CHECK_FALSE(channels.create("bad_id"));
  REQUIRE(channels.create("c.1"));
  CHECK(channels.create("c.1").error().code == lf::Code::already_exists);
  CHECK(channels.text("c.1", "status") == "no-url\n");
  CHECK_FALSE(channels.set("c.1", "url", "ftp://x"));
  CHECK_FALSE(channels.set("c.1", "enabled", "true"));
  CHECK_FALSE(channels.set("c.1", "fmt", "openai-chat"));
  REQUIRE(channels.set("c.1", "url", "https://api.example/v1\n"));
  CHECK(channels.text("c.1", "status") == "no-keyref\n");
  REQUIRE(channels.set("c.1", "keyref", "env:K"));
  CHECK(channels.text("c.1", "status") == "ready\n");
  REQUIRE(channels.set("c.1", "mod", ""));
  CHECK(channels.text("c.1", "mod") == "*\n");
  REQUIRE(channels.set("c.1", "enabled", "0"));
  CHECK(channels.text("c.1", "status") == "disabled\n");
}

TEST_CASE("channels are written through to chan.d and loaded again", "[ctxfs][channel]") {
  lf_test::TempDir dir;
  {
    ChannelStore channels(dir.path());
    REQUIRE(channels.create("llm"));
    REQUIRE(channels.set("llm", "url", "http://127.0.0.1:8080"));
    REQUIRE(channels.set("llm", "keyref", "env:LLM_KEY"));
    REQUIRE(channels.set("llm", "fmt", "openai.chat\n"));
  }
  const std::string conf = lf_test::read_file(dir / "chan.d" / "llm.conf");
  CHECK(conf.find("keyref=env:LLM_KEY\n") != std::string::npos);
  ChannelStore reloaded(dir.path());
  CHECK(reloaded.load().empty());
  REQUIRE(reloaded.all().count("llm") == 1);
  CHECK(reloaded.text("llm", "url") == "http://127.0.0.1:8080\n");
  CHECK(reloaded.text("llm", "fmt") == "openai.chat\n");
  CHECK(reloaded.text("llm", "status") == "ready\n");
}
