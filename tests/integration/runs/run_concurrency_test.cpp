#include <signal.h>

#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "runs_sandbox.hpp"

using lf_runs_test::RunsSandbox;

namespace {

const std::string kInputs = R"({"prompt":"plan"})";

std::vector<std::string> create_args(const std::string& id) {
  return {"run", "create", "workflow.text_plan", "--id", id, "--inputs", kInputs};
}

std::set<std::string> listed_ids(const RunsSandbox& lf) {
  const auto listing = lf.json({"run", "list", "--json"});
  CHECK(listing.at("problems").as_array().empty());
  std::set<std::string> ids;
  for (const auto& run : listing.at("runs").as_array()) {
    ids.insert(std::string(run.at("run_id").as_string()));
  }
  return ids;
}

}  // namespace

TEST_CASE("20 concurrent creates of one run id produce exactly one run", "[runs][concurrency]") {
  RunsSandbox lf;
  std::vector<lf_test::ProcessResult> results(20);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&lf, &result] { result = lf.run(create_args("same")); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  int created = 0;
  int conflicts = 0;
  for (const auto& result : results) {
    INFO(result.err);
    if (result.exit_code == 0) {
      ++created;
    } else {
      CHECK(result.exit_code == 6);
      CHECK(result.err == "lf: run same already exists\n");
      ++conflicts;
    }
  }
  CHECK(created == 1);
  CHECK(conflicts == 19);
  CHECK(listed_ids(lf) == std::set<std::string>{"same"});
  for (const auto& entry : std::filesystem::directory_iterator(lf.runs_dir())) {
    CHECK(entry.path().filename() == "same");  // no staging directory left behind
  }
}

TEST_CASE("creates killed with SIGKILL leave only complete runs, and every id stays usable",
          "[runs][concurrency]") {
  RunsSandbox lf;
  constexpr int kCreates = 200;
  std::mt19937 random(42);
  std::uniform_int_distribution<int> delay_us(0, 30000);
  int killed = 0;
  for (int i = 0; i < kCreates; ++i) {
    lf_test::BackgroundProcess create(lf.argv(create_args("k" + std::to_string(i))), lf.options());
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    killed += create.running() ? 1 : 0;
    create.stop(SIGKILL);
  }
  INFO(killed << " of " << kCreates << " creates were killed before they finished");
  CHECK(killed > 0);
  const std::set<std::string> present = listed_ids(lf);
  INFO(present.size() << " runs were complete");
  for (const auto& id : present) {
    const auto manifest = lf.json({"run", "get", id});
    CHECK(manifest.at("steps").as_array().size() == 1);
    CHECK(lf.json({"run", "request", id}).at("inputs").at("prompt") == "plan");
    CHECK(lf.json({"run", "workflow", id}).at("id") == "workflow.text_plan");
    CHECK(lf.json({"run", "events", id}).at("events").as_array().size() == 1);
  }
  for (int i = 0; i < kCreates; ++i) {
    const std::string id = "k" + std::to_string(i);
    const auto again = lf.run(create_args(id));
    CHECK(again.exit_code == (present.count(id) != 0 ? 6 : 0));
  }
  CHECK(listed_ids(lf).size() == kCreates);
  for (const auto& entry : std::filesystem::directory_iterator(lf.runs_dir())) {
    const std::string name = entry.path().filename().string();
    CHECK(name.rfind(".creating-", 0) != 0);  // abandoned staging is cleaned by later creates
  }
}

TEST_CASE("concurrent submit and refresh from separate processes lose no update",
          "[runs][concurrency]") {
  RunsSandbox lf;
  lf.json({"run",
           "create",
           "workflow.parallel_angles",
           "--id",
           "p",
           "--inputs",
           R"({"question":"why?"})"});
  const std::vector<std::vector<std::string>> commands = {
      {"run", "submit", "p", "optimist"},
      {"run", "submit", "p", "sceptic"},
      {"run", "refresh", "p"},
      {"run", "refresh", "p"},
      {"run", "status", "p"},
  };
  std::vector<lf_test::ProcessResult> results(commands.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = lf.run(commands[i]); });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& result : results) {
    INFO(result.err);
    CHECK(result.exit_code == 0);
  }
  const auto status = lf.json({"run", "status", "p"});
  CHECK(status.at("submitted_steps") == 2);
  const auto events = lf.json({"run", "events", "p"}).at("events").as_array();
  const auto trace = lf.json({"run", "trace", "p"}).at("trace").as_array();
  REQUIRE(events.size() == 3);
  REQUIRE(trace.size() == 2);
  // Events are numbered densely; each trace line names the seq of its event.
  std::set<std::int64_t> seqs;
  for (const auto& line : events) {
    seqs.insert(line.at("seq").to_number<std::int64_t>());
  }
  CHECK(seqs == std::set<std::int64_t>{1, 2, 3});
  for (const auto& line : trace) {
    CHECK(seqs.count(line.at("seq").to_number<std::int64_t>()) == 1);
  }
  CHECK(lf.json({"run", "get", "p"}).at("last_seq") == 3);
}
