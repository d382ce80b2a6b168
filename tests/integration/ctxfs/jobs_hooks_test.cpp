// Structured jobs and hooks through a mount (spec §8.5 item 7).

#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "ctxfs_mount.hpp"

using ctxfs_test::CtxfsMount;
namespace fs = std::filesystem;

namespace {

int sh(const std::string& script) {
  return lf_test::run_process({ctxfs_test::find_program("sh"), "-c", script}).exit_code;
}

}  // namespace

TEST_CASE("a translate job runs on req and a bad spec changes nothing", "[ctxfs][jobs]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto job = mount.home() / "job" / "translate.zh";
  REQUIRE(fs::create_directory(job));
  CHECK(ctxfs_test::read_text(job / "status") == "idle\n");
  CHECK(ctxfs_test::read_text(job / "out.json") == "{}\n");
  REQUIRE(
      sh("printf 'kind=translate\\nfrom=en\\nto=zh\\nout=json\\nfields=text,from,to,input\\n' > "
         + (job / "spec").string())
      == 0);
  CHECK(ctxfs_test::read_text(job / "status") == "spec-ready\n");
  REQUIRE(sh("echo 'hello world' > " + (job / "req").string()) == 0);
  CHECK(ctxfs_test::read_text(job / "out.json")
        == "{\"text\":\"你好，世界\",\"from\":\"en\",\"to\":\"zh\",\"input\":\"hello world\"}\n");
  CHECK(ctxfs_test::read_text(job / "status") == "done\n");
  CHECK(ctxfs_test::read_text(mount.home() / "job" / "list") == "translate.zh\n");
  CHECK(sh("printf 'kind=translate\\nout=xml\\n' > " + (job / "spec").string()) != 0);
  CHECK(ctxfs_test::read_text(job / "spec").find("fields=text,from,to,input") != std::string::npos);
}

TEST_CASE("a hook runs its bound job, logs it, and its config survives a remount",
          "[ctxfs][jobs]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto hook = mount.home() / "hook" / "nightly";
  REQUIRE(fs::create_directory(hook));
  REQUIRE(sh("printf 'kind=job\\njob=nightly\\nto=fr\\n' > " + (hook / "spec").string()
             + " && echo cron > " + (hook / "trigger").string() + " && echo 'good morning' > "
             + (hook / "req").string())
          == 0);
  CHECK(ctxfs_test::read_text(hook / "out.json")
        == "{\"text\":\"早上好\",\"from\":\"auto\",\"to\":\"fr\"}\n");
  CHECK(ctxfs_test::read_text(hook / "status") == "done\n");
  CHECK(ctxfs_test::read_text(hook / "last") == "done\n");
  CHECK(ctxfs_test::read_text(hook / "log.jsonl").find("\"event\":\"drained\"")
        != std::string::npos);
  CHECK(sh("echo sometimes > " + (hook / "trigger").string()) != 0);
  mount.restart({}, /*crash=*/false);
  CHECK(ctxfs_test::read_text(hook / "trigger") == "cron\n");
  CHECK(ctxfs_test::read_text(hook / "spec") == "kind=job\njob=nightly\nto=fr\n");
  CHECK(ctxfs_test::read_text(hook / "status") == "idle\n");
  CHECK(ctxfs_test::read_text(mount.home() / "hook" / "count") == "1\n");
}

TEST_CASE("a thread appears on lookup, answers in its inbox and keeps its conversation",
          "[ctxfs][threads]") {
  ctxfs_test::skip_unless_fuse();
  CtxfsMount mount;
  const auto thread = mount.home() / "thread" / "demo";
  CHECK(ctxfs_test::read_text(thread / "state") == "idle\n");
  REQUIRE(ctxfs_test::commit(thread / "inbox", "t1", ctxfs_test::chat_body("hi there")) == 0);
  CHECK(fs::exists(thread / "inbox" / "t1.fingerprint"));
  CHECK(fs::exists(thread / "inbox" / "t1.route.json"));
  CHECK(ctxfs_test::wait_outcome(thread / "inbox", "t1") == "resp\n");
  CHECK(ctxfs_test::read_text(thread / "inbox" / "t1.resp.json").find("chat.completion")
        != std::string::npos);
  const std::string messages = ctxfs_test::read_text(thread / "messages.jsonl");
  CHECK(messages.rfind("{\"role\":\"user\",\"content\":\"hi "
                       "there\"}\n{\"role\":\"assistant\",\"content\":\"[offline",
                       0)
        == 0);
  CHECK(ctxfs_test::read_text(thread / "latest.md").find("received 2 words: hi there")
        != std::string::npos);
  CHECK(ctxfs_test::read_text(thread / "fingerprint").rfind("fnv1a64:", 0) == 0);
  CHECK(ctxfs_test::read_text(mount.home() / "thread" / "count") == "1\n");
  mount.restart({}, /*crash=*/false);
  CHECK(ctxfs_test::read_text(thread / "messages.jsonl") == messages);
}
