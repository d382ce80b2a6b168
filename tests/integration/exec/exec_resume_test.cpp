// Surviving the death of the process that executes a run.

#include <signal.h>

#include <fstream>
#include <map>
#include <thread>

#include <catch2/catch.hpp>

#include "fake_provider.hpp"
#include "lf_exec.hpp"

using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using namespace std::chrono_literals;

namespace {

// How many times ctxfs queued each request id (its audit log's "queued" events).
std::map<std::string, int> queued_counts(const CtxfsMount& mount) {
  std::map<std::string, int> counts;
  std::ifstream audit(mount.root() / "audit" / "events.jsonl");
  for (std::string line; std::getline(audit, line);) {
    const auto event = boost::json::parse(line).as_object();
    if (event.at("event") == "queued") {
      ++counts[std::string(event.at("name").as_string())];
    }
  }
  return counts;
}

}  // namespace

TEST_CASE("kill -9 of lf run exec midway, then lf run resume, commits every step once",
          "[exec][resume]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  ctxfs_test::MountOptions slow;
  slow.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  slow.env["CORTEXFS_OPENAI_MODEL"] = "slow";
  CtxfsMount mount(slow);
  Lf lf(mount);
  lf_test::BackgroundProcess exec(lf.argv({"run",
                                           "exec",
                                           "workflow.parallel_angles",
                                           "--id",
                                           "crash",
                                           "--inputs",
                                           R"({"question":"Will it survive?"})"}),
                                  lf.options());
  for (int i = 0; i < 300; ++i) {
    const auto status = lf.run({"run", "status", "crash", "--json"});
    if (status.exit_code == 0
        && boost::json::parse(status.out).as_object().at("submitted_steps") == 2) {
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(exec.stop(SIGKILL) == 128 + SIGKILL);

  const auto resumed = lf.run({"run", "resume", "crash"});
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  // The two branches committed before the crash were picked up, not sent again.
  CHECK(Lf::events(resumed.out, "step.submitted", "optimist").empty());
  CHECK(Lf::events(resumed.out, "step.submitted", "sceptic").empty());
  CHECK(Lf::events(resumed.out, "step.submitted", "merge").size() == 1);
  const auto counts = queued_counts(mount);
  const std::string prefix =
      "crash." + std::string(lf.json({"run", "get", "crash"}).at("incarnation").as_string()) + ".";
  for (const std::string step : {"optimist", "sceptic", "merge"}) {
    const std::string id = prefix + step + ".req.json";
    INFO(id);
    CHECK(counts.count(id) == 1);
    CHECK(counts.at(id) == 1);
  }
}

TEST_CASE("a second executor of the same run is refused", "[exec][resume]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  ctxfs_test::MountOptions slow;
  slow.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  slow.env["CORTEXFS_OPENAI_MODEL"] = "slow";
  CtxfsMount mount(slow);
  Lf lf(mount);
  lf_test::BackgroundProcess exec(
      lf.argv(
          {"run", "exec", "workflow.text_plan", "--id", "busy", "--inputs", R"({"prompt":"x"})"}),
      lf.options());
  for (int i = 0; i < 300 && lf.run({"run", "get", "busy"}).exit_code != 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  std::this_thread::sleep_for(200ms);
  const auto second = lf.run({"run", "resume", "busy"});
  CHECK(second.exit_code == 6);
  CHECK_THAT(second.err, Catch::Contains("already being executed"));
  CHECK(exec.stop(SIGINT) == 130);
}
