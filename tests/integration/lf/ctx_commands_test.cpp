#include <catch2/catch.hpp>

#include "lf_runner.hpp"
#include <lf_test/files.hpp>

using lf_test::LfSandbox;
using lf_test::text;

TEST_CASE("lf ctx abi reports the sandbox mount, the uid and the userspace policy", "[lf][ctx]") {
  LfSandbox lf;
  const auto abi = lf.json({"ctx", "abi"});
  CHECK(text(abi, "mount") == lf.ctx().string());
  CHECK(abi.at("uid") == 1000);
  CHECK(text(abi, "home") == (lf.ctx() / "home/1000").string());
  CHECK(abi.at("kernel_tree") == false);
  CHECK(abi.at("kernel") == "fuse");
}

TEST_CASE("lf ctx api/tool/thread print exchanges whose request id includes the run", "[lf][ctx]") {
  LfSandbox lf;
  const auto api = lf.json({"ctx", "api", "openai.chat", "draft", "--run-id", "run-7"});
  CHECK(api.at("request_id") == "run-7.draft");
  CHECK(text(api, "commit_request")
        == (lf.ctx() / "home/1000/api/openai.chat/inbox/run-7.draft.req.json").string());
  const auto tool = lf.json({"ctx", "tool", "filesystem.read", "read-file"});
  CHECK(text(tool, "commit_request")
        == (lf.ctx() / "tool/filesystem.read/invoke/inbox/read-file.req.json").string());
  CHECK(tool.at("route_metadata").is_null());
  const auto thread = lf.json({"ctx", "thread", "design-review", "turn-1"});
  CHECK(thread.at("outbox_dir") == thread.at("inbox_dir"));
}

TEST_CASE("lf ctx chan, job and hook print their files", "[lf][ctx]") {
  LfSandbox lf;
  CHECK(text(lf.json({"ctx", "chan", "fengying"}), "model_filter")
        == (lf.ctx() / "chan/fengying/mod").string());
  const auto job = lf.json({"ctx", "job", "translate.zh"});
  CHECK(text(job, "spec") == (lf.ctx() / "home/1000/job/translate.zh/spec").string());
  CHECK(text(job, "request") == (lf.ctx() / "home/1000/job/translate.zh/req").string());
  const auto hook = lf.json({"ctx", "hook", "daily-translate"});
  CHECK(text(hook, "trigger") == (lf.ctx() / "home/1000/hook/daily-translate/trigger").string());
  CHECK(text(hook, "log") == (lf.ctx() / "home/1000/hook/daily-translate/log.jsonl").string());
}

TEST_CASE("bad ids and formats are refused with the rule that failed", "[lf][ctx]") {
  LfSandbox lf;

  struct Case {
    std::vector<std::string> args;
    const char* message;
  };

  const Case cases[] = {
      {{"ctx", "api", "openai-chat", "x"}, "lf: invalid api_format UnsupportedValue: openai-chat"},
      {{"ctx", "api", "openai.chat", "node/a"}, "lf: invalid step_id path segment: node/a"},
      {{"ctx", "api", "openai.chat", "a.error"}, "lf: invalid step_id path segment: a.error"},
      {{"ctx", "thread", "..", "t"}, "lf: invalid thread_id path segment: .."},
      {{"ctx", "job", ".."}, "lf: invalid job_id path segment: .."},
      {{"ctx", "hook", "daily_translate"}, "lf: invalid hook_id path segment: daily_translate"},
      {{"ctx", "chan", std::string(65, 'c')}, "lf: invalid channel_id path segment: "},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    const auto result = lf.run(c.args);
    CHECK(result.exit_code == 3);
    CHECK(result.out.empty());
    CHECK_THAT(result.err, Catch::StartsWith(c.message));
  }
}

TEST_CASE("a bad LIGHTFLOW_CTX_UID is a clear error", "[lf][ctx]") {
  LfSandbox lf;
  lf_test::ProcessOptions options;
  options.env["LIGHTFLOW_CTX_UID"] = "not-a-uid";
  options.env["LIGHTFLOW_CTX_MOUNT"] = std::nullopt;
  const auto result =
      lf_test::run_process({lf_test::binary_from_env("LF_BIN").string(), "ctx", "abi"}, options);
  CHECK(result.exit_code == 3);
  CHECK(result.err == "lf: invalid LIGHTFLOW_CTX_UID: not-a-uid (expected a decimal uid)\n");
}

TEST_CASE("lf ctx commit writes the request into the inbox and refuses a second commit",
          "[lf][ctx][commit]") {
  LfSandbox lf;
  const auto inbox = lf.ctx() / "home/1000/api/openai.chat/inbox";
  std::filesystem::create_directories(inbox);
  std::filesystem::create_directories(lf.ctx() / "home/1000/api/openai.chat/outbox");
  const std::string body = R"({"messages":[{"role":"user","content":"hi"}]})";

  const auto first =
      lf.run({"ctx", "commit", "api", "openai.chat", "draft", "-", "--run-id", "run-a"}, body);
  REQUIRE(first.exit_code == 0);
  const auto committed = boost::json::parse(first.out).as_object();
  CHECK(text(committed, "committed") == (inbox / "run-a.draft.req.json").string());
  CHECK(lf_test::read_file(inbox / "run-a.draft.req.json") == body);

  // A second run of the same step gets its own file.
  REQUIRE(
      lf.run({"ctx", "commit", "api", "openai.chat", "draft", "{}", "--run-id", "run-b"}).exit_code
      == 0);
  CHECK(lf_test::read_file(inbox / "run-b.draft.req.json") == "{}");

  const auto again = lf.run(
      {"ctx", "commit", "api", "openai.chat", "draft", "{\"other\":1}", "--run-id", "run-a"});
  CHECK(again.exit_code == 5);
  CHECK(again.out.empty());
  CHECK_THAT(again.err, Catch::StartsWith("lf: request run-a.draft is already committed"));
  CHECK(lf_test::read_file(inbox / "run-a.draft.req.json") == body);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(inbox)) {
    ++files;
  }
  CHECK(files == 2);
}

TEST_CASE("lf ctx outcome is pending until CortexFS answers, then shows the answer",
          "[lf][ctx][commit]") {
  LfSandbox lf;
  const auto outbox = lf.ctx() / "home/1000/api/openai.chat/outbox";
  std::filesystem::create_directories(outbox);
  const std::vector<std::string> args{
      "ctx", "outcome", "api", "openai.chat", "draft", "--run-id", "r1"};
  CHECK(lf.json(args).at("status") == "pending");
  lf_test::write_file(outbox / "r1.draft.resp.json", "{\"ok\":true}\n");
  lf_test::write_file(outbox / "r1.draft.fingerprint", "fnv1a64:0123456789abcdef\n");
  const auto outcome = lf.json(args);
  CHECK(outcome.at("status") == "response");
  CHECK(outcome.at("body") == "{\"ok\":true}\n");
  CHECK(outcome.at("fingerprint") == "fnv1a64:0123456789abcdef");
}

TEST_CASE("committing with no CortexFS mounted says where it looked", "[lf][ctx][commit]") {
  LfSandbox lf;
  const auto result = lf.run({"ctx", "commit", "api", "openai.chat", "draft", "{}"});
  CHECK(result.exit_code == 11);
  CHECK(result.err == "lf: CortexFS is not mounted at " + lf.ctx().string() + "\n");
}
