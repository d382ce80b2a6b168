// Issue 14: the run store attacked as a hostile or careless user would, with
// the real lf and ctxfs. kill -9 loops of lf run exec and resume; a full
// XDG_STATE_HOME; a run deleted and created again under a running executor;
// run ids and run directories that are not UTF-8; state created under a loose
// umask. Each test prints its figures (run ctest with -V to see them).

#include <fcntl.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "../runs/runs_sandbox.hpp"
#include "fake_provider.hpp"
#include "faults_support.hpp"
#include "lf_exec.hpp"

namespace fs = std::filesystem;
using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using faults_test::duplicate_request_lines;
using faults_test::write_dag_project;
using namespace std::chrono_literals;

namespace {

// How many times ctxfs queued each request file (its audit log's "queued" events).
std::map<std::string, int> queued_counts(const CtxfsMount& mount) {
  std::map<std::string, int> counts;
  std::ifstream audit(mount.root() / "audit" / "events.jsonl");
  for (std::string line; std::getline(audit, line);) {
    boost::system::error_code ec;
    const auto event = boost::json::parse(line, ec);
    if (!ec && event.is_object() && event.as_object().at("event") == "queued") {
      ++counts[std::string(event.at("name").as_string())];
    }
  }
  return counts;
}

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

}  // namespace

TEST_CASE("issue 14: kill -9 of lf run exec and resume, again and again, answers every step once",
          "[faults][kill]") {
  ctxfs_test::skip_unless_fuse();
  const int runs = env_int("LF_FAULT_RUNS", 6);
  const int steps = 80;
  CtxfsMount mount;  // the offline provider: answers at once
  Lf lf(mount);
  lf_test::TempDir project("lf-faults-project");
  write_dag_project(project.path(), steps, 4);
  auto options = lf.options();
  options.env["LIGHTFLOW_PROJECT"] = project.path().string();
  // Kills land anywhere in a run: the delays are spread over the time an
  // undisturbed run takes on this machine.
  long full_ms = 0;
  for (const char* id : {"warm-up", "calibrate"}) {  // the first run pays for cold caches
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(lf_test::run_process(lf.argv({"run",
                                          "exec",
                                          "workflow.fault_dag",
                                          "--id",
                                          id,
                                          "--no-cache",
                                          "--json",
                                          "--parallel",
                                          "4"}),
                                 options)
                .exit_code
            == 0);
    full_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                    - started)
                  .count();
  }
  std::mt19937 random(20261128);
  std::uniform_int_distribution<long> delay_ms(full_ms / 20, full_ms);

  int kills = 0;
  int duplicates = 0;
  int missing_copies = 0;
  int commits_not_once = 0;
  for (int r = 0; r < runs; ++r) {
    const std::string id = "k" + std::to_string(r);
    for (int round = 0;; ++round) {
      // The first process creates the run; once it exists, resume it.
      std::vector<std::string> args = {"run", "exec", "workflow.fault_dag", "--id", id};
      if (round > 0 && lf.run({"run", "get", id}).exit_code == 0) {
        args = {"run", "resume", id};
      }
      args.insert(args.end(), {"--no-cache", "--json", "--parallel", "4"});
      lf_test::BackgroundProcess process(lf.argv(args), options);
      if (round < 6) {
        // A resume has less left to do than the exec that started the run.
        const long delay = round == 0 ? delay_ms(random) : delay_ms(random) / 2;
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        const int code = process.stop(SIGKILL);
        if (code == 128 + SIGKILL) {
          ++kills;
          continue;
        }
        INFO("run " << id << " round " << round);
        REQUIRE(code == 0);
        break;
      }
      for (int i = 0; i < 6000 && process.running(); ++i) {
        std::this_thread::sleep_for(10ms);
      }
      REQUIRE(process.stop(SIGKILL) == 0);
      break;
    }
    const auto manifest = lf.json({"run", "get", id});
    const std::string prefix = id + "." + std::string(manifest.at("incarnation").as_string()) + ".";
    const auto counts = queued_counts(mount);
    for (const auto& step : manifest.at("steps").as_array()) {
      INFO("run " << id << " step " << step.at("step_id"));
      CHECK(step.at("status") == "succeeded");
      const std::string file = prefix + std::string(step.at("step_id").as_string()) + ".req.json";
      const auto found = counts.find(file);
      commits_not_once += found == counts.end() || found->second != 1 ? 1 : 0;
    }
    std::set<std::string> copied;
    duplicates += duplicate_request_lines(lf.options().env.at("XDG_STATE_HOME").value()
                                              + "/lightflow/runs/" + id + "/outputs/requests.jsonl",
                                          copied);
    missing_copies += steps - static_cast<int>(copied.size());
  }
  std::cout << "kill loop: an undisturbed run of " << steps << " steps took " << full_ms
            << " ms; runs " << runs << ", kills survived " << kills
            << ", duplicate requests.jsonl lines " << duplicates << ", steps not committed once "
            << commits_not_once << ", steps without a request copy " << missing_copies << "\n";
  CHECK(kills > 0);
  CHECK(duplicates == 0);
  CHECK(commits_not_once == 0);
  CHECK(missing_copies == 0);
}

TEST_CASE(
    "issue 14: a run deleted and created again under a running executor never gets "
    "the old run's answer",
    "[faults][incarnation]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  ctxfs_test::MountOptions slow;  // every answer takes 3 s
  slow.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  slow.env["CORTEXFS_OPENAI_MODEL"] = "slow";
  CtxfsMount mount(slow);
  Lf lf(mount);
  lf_test::TempDir logs("lf-faults-logs");
  const int rounds = env_int("LF_FAULT_RECREATES", 3);
  int wrong_answers = 0;
  int old_executors_stopped = 0;
  std::map<int, int> racer_outcomes;  // exit code -> count
  for (int i = 0; i < rounds; ++i) {
    const std::string old_prompt = "OLD " + std::to_string(i);
    const std::string new_prompt = "NEW " + std::to_string(i);
    const fs::path old_log = logs / ("old" + std::to_string(i) + ".log");
    lf_test::BackgroundProcess old_exec(lf.argv({"run",
                                                 "exec",
                                                 "workflow.text_plan",
                                                 "--id",
                                                 "x",
                                                 "--inputs",
                                                 R"({"prompt":")" + old_prompt + R"("})"}),
                                        lf.options(),
                                        old_log);
    for (int wait = 0; wait < 500; ++wait) {
      const auto status = lf.run({"run", "status", "x", "--json"});
      if (status.exit_code == 0
          && boost::json::parse(status.out).as_object().at("submitted_steps") == 1) {
        break;
      }
      std::this_thread::sleep_for(10ms);
    }
    // A resume racing the delete and the create: refused (the old executor
    // holds the run, or the run it read is gone), or it executes the new run;
    // never a second executor of either.
    // It starts before the delete, between the delete and the create, or
    // right after the create, in turn.
    const fs::path racer_log = logs / ("racer" + std::to_string(i) + ".log");
    std::unique_ptr<lf_test::BackgroundProcess> racer;
    const auto start_racer = [&] {
      racer = std::make_unique<lf_test::BackgroundProcess>(
          lf.argv({"run", "resume", "x"}), lf.options(), racer_log);
    };
    if (i % 3 == 0) {
      start_racer();
    }
    // lf refuses to delete a run that an executor drives (conflict), so the
    // run is removed behind LightFlow's back, as a user with a shell could.
    const auto refused = lf.run({"run", "delete", "x"});
    INFO(refused.err);
    CHECK(refused.exit_code == 6);
    fs::remove_all(fs::path(lf.options().env.at("XDG_STATE_HOME").value()) / "lightflow" / "runs"
                   / "x");
    if (i % 3 == 1) {
      start_racer();
    }
    const auto created = lf.run({"run",
                                 "create",
                                 "workflow.text_plan",
                                 "--id",
                                 "x",
                                 "--inputs",
                                 R"({"prompt":")" + new_prompt + R"("})"});
    INFO(created.err);
    REQUIRE(created.exit_code == 0);
    if (i % 3 == 2) {
      start_racer();
    }
    for (int wait = 0; wait < 1000 && racer->running(); ++wait) {
      std::this_thread::sleep_for(10ms);
    }
    const int racer_code = racer->stop(SIGKILL);
    INFO("racer: " << lf_test::read_file(racer_log));
    CHECK((racer_code == 0 || racer_code == 4 || racer_code == 6));
    ++racer_outcomes[racer_code];
    if (racer_code != 0) {
      // Executes the new run while the old executor still waits for OLD's answer.
      const auto resumed = lf.run({"run", "resume", "x"});
      INFO(resumed.err);
      CHECK(resumed.exit_code == 0);
    }
    for (int wait = 0; wait < 1000 && old_exec.running(); ++wait) {
      std::this_thread::sleep_for(10ms);
    }
    const int old_code = old_exec.stop(SIGKILL);
    const std::string old_output = lf_test::read_file(old_log);
    INFO(old_output);
    // The old executor stops without writing into the new run: it found a
    // new incarnation (conflict), or, when it looked between the removal and
    // the create (a slow create, under a sanitizer say), no run (not_found).
    CHECK((old_code == 6 || old_code == 4));
    if (old_code == 6) {
      CHECK(old_output.find("was deleted and created again") != std::string::npos);
    }
    old_executors_stopped += old_code == 6 || old_code == 4 ? 1 : 0;
    const auto output = lf.json({"run", "output", "x", "draft"});
    const std::string text(output.at("text").as_string());
    INFO(text);
    CHECK(text.find(new_prompt) != std::string::npos);
    wrong_answers += text.find(old_prompt) != std::string::npos ? 1 : 0;
    CHECK(lf.json({"run", "status", "x"}).at("status") == "succeeded");
    const auto events = lf.json({"run", "events", "x"}).at("events").as_array();
    int submitted = 0;
    for (const auto& event : events) {
      submitted += event.at("event") == "step.submitted" ? 1 : 0;
    }
    CHECK(submitted == 1);  // only the new run's own executor wrote into it
    REQUIRE(lf.run({"run", "delete", "x"}).exit_code == 0);
  }
  std::cout << "delete and re-create under a running executor: rounds " << rounds
            << ", answers written into the wrong run " << wrong_answers
            << ", old executors stopped " << old_executors_stopped
            << "; racing resumes: executed the new run " << racer_outcomes[0] << ", refused "
            << racer_outcomes[6] << ", found no run " << racer_outcomes[4] << "\n";
  CHECK(wrong_answers == 0);
}
