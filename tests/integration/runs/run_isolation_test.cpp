#include <string>

#include <catch2/catch.hpp>

#include "runs_sandbox.hpp"

using lf_runs_test::RunsSandbox;

TEST_CASE("issue 4: two runs of one workflow get their own request files and outcomes",
          "[runs][cli]") {
  RunsSandbox lf;
  for (const std::string id : {"ra", "rb"}) {
    lf.json({"run",
             "create",
             "workflow.text_plan",
             "--id",
             id,
             "--inputs",
             R"({"prompt":"plan )" + id + R"("})"});
    const auto submitted = lf.json({"run", "submit", id, "draft"});
    CHECK(submitted.at("steps").as_array()[0].at("status") == "submitted");
  }
  const std::string ra = lf.request_id("ra", "draft");
  const std::string rb = lf.request_id("rb", "draft");
  CHECK(lf_test::read_file(lf.inbox() / (ra + ".req.json")).find("plan ra") != std::string::npos);
  CHECK(lf_test::read_file(lf.inbox() / (rb + ".req.json")).find("plan rb") != std::string::npos);

  lf.answer(rb, "answer for b");
  lf.json({"run", "refresh", "ra"});
  CHECK(lf.json({"run", "status", "ra"}).at("status") == "running");
  lf.json({"run", "refresh", "rb"});
  CHECK(lf.json({"run", "status", "rb"}).at("status") == "succeeded");

  lf.answer(ra, "answer for a");
  lf.json({"run", "refresh", "ra"});
  CHECK(lf.json({"run", "output", "ra", "draft"}).at("text") == "answer for a");
  CHECK(lf.json({"run", "output", "rb", "draft"}).at("text") == "answer for b");
}

TEST_CASE("lf run takes inputs from standard input and from a file", "[runs][cli]") {
  RunsSandbox lf;
  auto options = lf.options();
  options.stdin_data = R"({"prompt":"from stdin"})";
  const auto piped = lf_test::run_process(
      lf.argv({"run", "create", "workflow.text_plan", "--id", "s", "--inputs", "-"}), options);
  INFO(piped.err);
  REQUIRE(piped.exit_code == 0);
  const auto request = lf.json({"run", "request", "s"});
  CHECK(request.at("inputs").at("prompt") == "from stdin");
  lf_test::write_file(lf.runs_dir().parent_path() / "inputs.json", R"({"prompt":"from file"})");
  lf.json({"run",
           "create",
           "workflow.text_plan",
           "--id",
           "f",
           "--inputs",
           "@" + (lf.runs_dir().parent_path() / "inputs.json").string()});
  CHECK(lf.json({"run", "request", "f"}).at("inputs").at("prompt") == "from file");
}

TEST_CASE("lf run reports problems with exit codes a script can act on", "[runs][cli]") {
  RunsSandbox lf;

  struct Row {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  };

  lf.json({"run", "create", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"x"})"});
  const std::vector<Row> table = {
      {{"run", "create", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"x"})"},
       5,  // already_exists
       "lf: run r already exists"},
      {{"run", "create", "workflow.text_plan", "--id", "q"}, 3, "run input field prompt"},
      {{"run", "create", "workflow.nope", "--id", "q"}, 4, "workflow asset workflow.nope"},
      {{"run", "get", "missing"}, 4, "lf: not found: run missing"},
      {{"run", "get", ".."}, 3, "invalid run_id path segment"},
      {{"run", "submit", "r", "nope"}, 4, "run step nope"},
      {{"run", "output", "r", "draft"}, 7, "has no output yet"},
      {{"run", "get", "r", "extra"}, 2, "extra"},
      {{"run", "create", "workflow.text_plan", "--inputs", "{"}, 3, "--inputs is not valid JSON"},
  };
  for (const Row& row : table) {
    const auto result = lf.run(row.args);
    INFO(row.args[1] << " → " << result.err);
    CHECK(result.exit_code == row.exit_code);
    CHECK(result.err.find(row.message) != std::string::npos);
  }
}

TEST_CASE("lf run help lists every run command and exits 0", "[runs][cli]") {
  RunsSandbox lf;
  const auto help = lf.run({"run", "--help"});
  CHECK(help.exit_code == 0);
  for (const char* command : {"preview",
                              "create",
                              "list",
                              "get",
                              "status",
                              "request",
                              "workflow",
                              "submit",
                              "refresh",
                              "cancel",
                              "events",
                              "trace",
                              "output",
                              "retry",
                              "delete"}) {
    CHECK(help.out.find(std::string("  ") + command + " ") != std::string::npos);
  }
  CHECK(lf.run({"run", "create", "--help"}).out.find("--inputs") != std::string::npos);
}

TEST_CASE("a failed step is retried under a new request id and the run can be deleted",
          "[runs][cli]") {
  RunsSandbox lf;
  lf.json({"run", "create", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"x"})"});
  lf.json({"run", "submit", "r", "draft"});
  const std::string first = lf.request_id("r", "draft");
  lf_test::write_file(lf.outbox() / (first + ".error"), "upstream said no");
  lf.json({"run", "refresh", "r"});
  CHECK(lf.json({"run", "status", "r"}).at("status") == "failed");
  CHECK(lf.json({"run", "output", "r", "draft"}).at("raw") == "upstream said no");

  const auto retried = lf.json({"run", "retry", "r", "draft"});
  const auto& step = retried.at("steps").as_array()[0];
  CHECK(step.at("attempt") == 2);
  CHECK(step.at("cortex").at("request_id").as_string() == first + ".2");
  CHECK(step.at("attempts").as_array()[0].at("status") == "failed");
  lf.json({"run", "submit", "r", "draft"});
  CHECK(std::filesystem::exists(lf.inbox() / (first + ".2.req.json")));
  lf.answer(first + ".2", "second time lucky");
  lf.json({"run", "refresh", "r"});
  CHECK(lf.json({"run", "output", "r", "draft"}).at("text") == "second time lucky");

  const auto preview = lf.json(
      {"run", "preview", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"again"})"});
  CHECK(preview.at("ready") == true);
  CHECK(lf.json({"run", "delete", "r"}).at("deleted") == true);
  CHECK(lf.run({"run", "get", "r"}).exit_code == 4);
  CHECK(lf.json({"run", "list"}).at("runs").as_array().empty());
}

TEST_CASE("generated run ids are short, distinct and sort by creation time", "[runs][cli]") {
  RunsSandbox lf;
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    const auto created =
        lf.json({"run", "create", "workflow.text_plan", "--inputs", R"({"prompt":"x"})"});
    ids.emplace_back(created.at("run_id").as_string());
    CHECK(ids.back().rfind("text_plan-", 0) == 0);
    CHECK(ids.back().size() == std::string("text_plan-").size() + 9 + 1 + 8);
  }
  CHECK(ids[0] != ids[1]);
  CHECK(ids[1] != ids[2]);
  const auto listing = lf.json({"run", "list"});
  std::vector<std::string> listed;
  for (const auto& run : listing.at("runs").as_array()) {
    listed.emplace_back(run.at("run_id").as_string());
  }
  CHECK(listed == ids);  // listed oldest first
}
