// The spec's §8.5 acceptance checks through a real mount, driven with file
// syscalls and with the shell tools a user would type.

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

namespace {

std::string sh(const std::string& script) {
  const auto result = lf_test::run_process({ctxfs_test::find_program("sh"), "-c", script});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  return result.out;
}

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string::npos) {
    ++count;
    at += needle.size();
  }
  return count;
}

}  // namespace

TEST_CASE("a staged write creates nothing and mv commits with the spec's fingerprint",
          "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto inbox = mount.inbox();
  const auto outbox = mount.outbox();
  sh("printf '{\"messages\":[]}\\n' > " + (inbox / "001.tmp").string());
  CHECK(fs::is_empty(outbox));
  sh("mv " + (inbox / "001.tmp").string() + " " + (inbox / "001.req.json").string());
  CHECK(ctxfs_test::read_text(outbox / "001.fingerprint") == "fnv1a64:88617caa4a28271c\n");
  CHECK(ctxfs_test::read_text(outbox / "001.route.json") ==
        "{\"request_id\":\"001\",\"format\":\"openai.chat\",\"provider\":\"local\",\"model\":\"offline\","
        "\"reason\":\"ready\",\"fingerprint\":\"fnv1a64:88617caa4a28271c\"}\n");
  CHECK(sh("cat " + (outbox / "001.wait").string()) == "resp\n");
  const std::string resp = ctxfs_test::read_text(outbox / "001.resp.json");
  CHECK(resp.find("\"object\":\"chat.completion\"") != std::string::npos);
  CHECK(resp.find("offline provider local") != std::string::npos);
  CHECK(resp.back() == '\n');
  CHECK(fs::exists(inbox / "001.req.json"));
  const std::string audit = ctxfs_test::read_text(mount.root() / "audit" / "events.jsonl");
  CHECK(audit.find("{\"event\":\"staged\",\"format\":\"openai.chat\",\"name\":\"001.tmp\"")
        != std::string::npos);
  CHECK(audit.find("{\"event\":\"queued\",\"format\":\"openai.chat\",\"name\":\"001.req.json\"")
        != std::string::npos);
  CHECK(audit.find("{\"event\":\"drained\",\"format\":\"openai.chat\",\"name\":\"001\"")
        != std::string::npos);
  CHECK(ctxfs_test::read_text(mount.root() / "control" / "queue_depth") == "0\n");
  CHECK(ctxfs_test::read_text(mount.root() / "control" / "last_drained") == "001\n");
}

TEST_CASE("the second fingerprint vector holds for a body without a newline",
          "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  REQUIRE(ctxfs_test::commit(
              mount.inbox(), "draft", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
          == 0);
  CHECK(ctxfs_test::read_text(mount.outbox() / "draft.fingerprint")
        == "fnv1a64:07e1cb89d535da4b\n");
  CHECK(ctxfs_test::wait_outcome(mount.outbox(), "draft") == "resp\n");
  const std::string resp = ctxfs_test::read_text(mount.outbox() / "draft.resp.json");
  CHECK(resp.find("received 1 words: hi") != std::string::npos);
  CHECK(resp.find("\"usage\":{\"prompt_tokens\":1") != std::string::npos);
}

TEST_CASE("openai.responses is answered offline and the other formats get an .error",
          "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  REQUIRE(ctxfs_test::commit(mount.inbox("openai.responses"), "r1", "{\"input\":\"hello there\"}")
          == 0);
  CHECK(ctxfs_test::wait_outcome(mount.outbox("openai.responses"), "r1") == "resp\n");
  CHECK(ctxfs_test::read_text(mount.outbox("openai.responses") / "r1.resp.json")
            .find("\"object\":\"response\"")
        != std::string::npos);
  REQUIRE(ctxfs_test::commit(mount.inbox("anthropic.messages"), "a1", "{\"messages\":[]}") == 0);
  CHECK(ctxfs_test::wait_outcome(mount.outbox("anthropic.messages"), "a1") == "error\n");
  CHECK(
      ctxfs_test::read_text(mount.outbox("anthropic.messages") / "a1.error")
      == "{\"request_id\":\"a1\",\"error\":\"unsupported provider format: anthropic.messages\"}\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "anthropic.messages" / "reason")
        == "unsupported_format\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "reason") == "ready\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "provider") == "local\n");
  CHECK(ctxfs_test::read_text(mount.root() / "cap" / "model") == "local.offline\n");
}

TEST_CASE("a finished duplicate is dropped silently and a pending one is refused",
          "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  REQUIRE(ctxfs_test::commit(mount.inbox(), "dup", ctxfs_test::chat_body("one")) == 0);
  REQUIRE(ctxfs_test::wait_outcome(mount.outbox(), "dup") == "resp\n");
  const std::string first = ctxfs_test::read_text(mount.outbox() / "dup.resp.json");
  ctxfs_test::write_text(mount.inbox() / "again.tmp", ctxfs_test::chat_body("two"));
  CHECK(ctxfs_test::rename_errno(mount.inbox() / "again.tmp", mount.inbox() / "dup.req.json") == 0);
  CHECK_FALSE(fs::exists(mount.inbox() / "again.tmp"));
  CHECK(ctxfs_test::read_text(mount.outbox() / "dup.resp.json") == first);
  CHECK(ctxfs_test::read_text(mount.inbox() / "dup.req.json") == ctxfs_test::chat_body("one"));
  const std::string audit = ctxfs_test::read_text(mount.root() / "audit" / "events.jsonl");
  CHECK(count_lines_with(audit, "\"event\":\"duplicate\"") == 1);
  // The client commits with RENAME_NOREPLACE: a second commit of an id is refused.
  ctxfs_test::write_text(mount.inbox() / "third.tmp", ctxfs_test::chat_body("three"));
  CHECK(ctxfs_test::rename_errno(
            mount.inbox() / "third.tmp", mount.inbox() / "dup.req.json", RENAME_NOREPLACE)
        == EEXIST);
  CHECK(fs::exists(mount.inbox() / "third.tmp"));
}

TEST_CASE("a channel is configured with shell redirections and survives a remount",
          "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto chan = mount.root() / "chan" / "local-llm";
  fs::create_directory(chan);
  CHECK(ctxfs_test::read_text(chan / "status") == "no-url\n");
  CHECK(ctxfs_test::read_text(chan / "fmt") == "openai.chat\nopenai.responses\n");
  sh("printf 'http://127.0.0.1:9/' > " + (chan / "url").string() + " && echo env:NO_KEY > "
     + (chan / "keyref").string() + " && printf 'qwen2.5:7b\\n' > " + (chan / "mod").string()
     + " && printf 'openai.chat\\n' > " + (chan / "fmt").string());
  CHECK(ctxfs_test::read_text(chan / "status") == "ready\n");
  CHECK(ctxfs_test::read_text(mount.root() / "chan" / "list") == "local-llm\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "provider")
        == "local-llm\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "model") == "qwen2.5:7b\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.responses" / "provider")
        == "local\n");
  CHECK(ctxfs_test::read_text(mount.root() / "provider" / "local-llm" / "url")
        == "http://127.0.0.1:9/\n");
  CHECK(ctxfs_test::read_text(mount.root() / "model" / "local-llm.qwen2.5:7b" / "status")
        == "ready\n");
  CHECK(ctxfs_test::read_text(mount.home() / "model" / "local-llm.qwen2.5:7b" / "allowed")
        == "1\n");
  CHECK(ctxfs_test::read_text(mount.home() / "model" / "list")
        == "local-llm.qwen2.5:7b\nlocal.offline\n");
  mount.restart({}, /*crash=*/false);
  CHECK(ctxfs_test::read_text(chan / "status") == "ready\n");
  CHECK(ctxfs_test::read_text(chan / "url") == "http://127.0.0.1:9/\n");
  CHECK(ctxfs_test::read_text(chan / "keyref") == "env:NO_KEY\n");
  CHECK(fs::exists(mount.config_dir() / "chan.d" / "local-llm.conf"));
  sh("echo 0 > " + (chan / "enabled").string());
  CHECK(ctxfs_test::read_text(chan / "status") == "disabled\n");
  CHECK(ctxfs_test::read_text(mount.home() / "route" / "openai.chat" / "provider") == "local\n");
}

TEST_CASE("a read-only tool reads the mount's own files", "[ctxfs][acceptance]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto invoke = mount.root() / "tool" / "filesystem.read" / "invoke";
  REQUIRE(ctxfs_test::commit(invoke / "inbox", "t1", "{\"path\":\"/status\"}") == 0);
  CHECK(ctxfs_test::wait_outcome(invoke / "outbox", "t1") == "resp\n");
  CHECK(ctxfs_test::read_text(invoke / "outbox" / "t1.resp.json")
        == "{\"path\":\"status\",\"content\":\"ready\\n\"}\n");
  CHECK_FALSE(fs::exists(invoke / "outbox" / "t1.route.json"));
  REQUIRE(ctxfs_test::commit(invoke / "inbox", "t2", "{\"path\":\"/etc/passwd\"}") == 0);
  CHECK(ctxfs_test::wait_outcome(invoke / "outbox", "t2") == "error\n");
  CHECK_FALSE(fs::exists(mount.root() / "tool" / "shell.exec"));
}
