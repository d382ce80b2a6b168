// The OpenAI-compatible HTTP provider against a real loopback server: answers,
// HTTP 500, a timeout and a body that is not JSON, through env and channels.

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"
#include "fake_provider.hpp"

using ctxfs_test::CtxfsMount;

namespace {

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the environment provider answers, fails, times out and rejects garbage",
          "[ctxfs][http]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url() + "/"},
                     {"CORTEXFS_OPENAI_API_KEY", "sk-test"},
                     {"CORTEXFS_OPENAI_MODEL", "tiny-1"}},
                    {"--timeout-ms", "1500"}});
  const auto inbox = mount.inbox();
  const auto outbox = mount.outbox();
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "provider")
        == "openai-compatible\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "model") == "tiny-1\n");

  REQUIRE(ctxfs_test::commit(inbox, "ok", ctxfs_test::chat_body("hello")) == 0);
  REQUIRE(ctxfs_test::commit(inbox, "own-model", ctxfs_test::chat_body("x", "Org/Model-7B")) == 0);
  REQUIRE(ctxfs_test::commit(inbox, "e500", ctxfs_test::chat_body("x", "fail500")) == 0);
  REQUIRE(ctxfs_test::commit(inbox, "slow", ctxfs_test::chat_body("x", "slow")) == 0);
  REQUIRE(ctxfs_test::commit(inbox, "junk", ctxfs_test::chat_body("x", "garbage")) == 0);

  CHECK(ctxfs_test::wait_outcome(outbox, "ok") == "resp\n");
  const std::string ok = ctxfs_test::read_text(outbox / "ok.resp.json");
  CHECK(contains(ok, "echo:hello|path=/v1/chat/completions|auth=Bearer sk-test|model=tiny-1"));
  CHECK(ctxfs_test::wait_outcome(outbox, "own-model") == "resp\n");
  CHECK(contains(ctxfs_test::read_text(outbox / "own-model.resp.json"), "model=Org/Model-7B"));
  CHECK(ctxfs_test::wait_outcome(outbox, "e500") == "error\n");
  CHECK(ctxfs_test::read_text(outbox / "e500.error") ==
        "{\"request_id\":\"e500\",\"error\":\"provider transport failed: HTTP 500: upstream exploded\"}\n");
  CHECK(ctxfs_test::wait_outcome(outbox, "slow") == "error\n");
  CHECK(contains(ctxfs_test::read_text(outbox / "slow.error"),
                 "provider transport failed: response to 127.0.0.1"));
  CHECK(contains(ctxfs_test::read_text(outbox / "slow.error"), "timed out"));
  CHECK(ctxfs_test::wait_outcome(outbox, "junk") == "error\n");
  CHECK(contains(ctxfs_test::read_text(outbox / "junk.error"), "invalid provider response"));
  CHECK_FALSE(std::filesystem::exists(outbox / "junk.resp.json"));

  const std::string audit = ctxfs_test::read_text(mount.root() / "audit" / "events.jsonl");
  CHECK(contains(audit, "\"event\":\"drained\",\"format\":\"openai.chat\",\"name\":\"ok\""));
  CHECK(contains(audit, "\"input_tok\":7,\"output_tok\":5"));
  CHECK(contains(ctxfs_test::read_text(mount.root() / "audit" / "usage"), "errors=3\n"));
}

TEST_CASE("a ready channel wins over local and resolves its keyref", "[ctxfs][http]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount({{{"MY_CHANNEL_KEY", "sk-chan"}}, {}});
  const auto chan = mount.root() / "chan" / "fake";
  std::filesystem::create_directory(chan);
  ctxfs_test::write_text(chan / "url", provider.base_url() + "/v1\n");
  ctxfs_test::write_text(chan / "keyref", "env:MY_CHANNEL_KEY\n");
  ctxfs_test::write_text(chan / "mod", "chan-model\n");
  REQUIRE(ctxfs_test::read_text(chan / "status") == "ready\n");
  REQUIRE(ctxfs_test::commit(mount.inbox(), "c1", ctxfs_test::chat_body("via channel")) == 0);
  CHECK(ctxfs_test::read_text(mount.outbox() / "c1.route.json")
            .find("\"provider\":\"fake\",\"model\":\"chan-model\"")
        != std::string::npos);
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "c1") == "resp\n");
  CHECK(
      contains(ctxfs_test::read_text(mount.outbox() / "c1.resp.json"),
               "echo:via channel|path=/v1/chat/completions|auth=Bearer sk-chan|model=chan-model"));
}

TEST_CASE("an https channel verifies the server and refuses an untrusted one", "[ctxfs][http]") {
  ctxfs_test::skip_unless_fuse();
  if (ctxfs_test::find_program("openssl").empty()) {
    SUCCEED("openssl is not installed: no certificate for the test server");
    return;
  }
  ctxfs_test::FakeProvider provider(/*tls=*/true);
  CtxfsMount trusted({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()},
                       {"CORTEXFS_CA_FILE", provider.ca_file()}},
                      {}});
  REQUIRE(ctxfs_test::commit(trusted.inbox(), "tls", ctxfs_test::chat_body("secure")) == 0);
  CHECK(ctxfs_test::wait_outcome(trusted.outbox(), "tls") == "resp\n");
  CHECK(contains(ctxfs_test::read_text(trusted.outbox() / "tls.resp.json"),
                 "echo:secure|path=/v1/chat/completions"));
  trusted.restart({{{"CORTEXFS_OPENAI_BASE_URL", provider.base_url()}}, {}}, /*crash=*/false);
  REQUIRE(ctxfs_test::commit(trusted.inbox(), "untrusted", ctxfs_test::chat_body("x")) == 0);
  CHECK(ctxfs_test::wait_outcome(trusted.outbox(), "untrusted") == "error\n");
  CHECK(contains(ctxfs_test::read_text(trusted.outbox() / "untrusted.error"),
                 "provider transport failed: handshake"));
}
