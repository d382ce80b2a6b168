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
#include "lf_exec.hpp"

namespace fs = std::filesystem;
using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using namespace std::chrono_literals;

namespace {

// A workflow of `steps` openai.chat steps in `width` independent chains.
void write_dag_project(const fs::path& project, int steps, int width) {
  const fs::path source = *lf_test::env_value("LF_SOURCE_DIR");
  fs::create_directories(project / "assets/workflows");
  fs::create_directories(project / "assets/nodes");
  fs::create_directories(project / "assets/models");
  fs::copy_file(source / "assets/nodes/llm_prompt.cpp", project / "assets/nodes/llm_prompt.cpp");
  fs::copy_file(source / "assets/models/llm_planner.cpp",
                project / "assets/models/llm_planner.cpp");
  std::ofstream out(project / "assets/workflows/fault_dag.cpp");
  out << "#include <lightflow/asset.hpp>\n"
         "using namespace lightflow::asset;\n"
         "inline constexpr AssetMeta META{.id = \"workflow.fault_dag\", .version = \"0.1.0\",\n"
         "    .title = \"Fault DAG\", .kind = Kind::workflow,\n"
         "    .description = \"Chains of chat steps.\", .stability = Stability::draft};\n"
         "inline auto define() {\n"
         "  return workflow(META.id)\n"
         "      .required_model(\"llm.planner\")\n";
  for (int i = 0; i < steps; ++i) {
    out << "      .api_step(\"s" << i << "\", \"node.llm_prompt\", \"openai.chat\")\n";
    if (i >= width) {
      out << "      .after(\"s" << i - width << "\")\n";
    }
    out << "      .openai_chat(\"llm.planner\")\n"
        << "      .user(\"step " << i << "\")" << (i == steps - 1 ? ";\n" : "\n");
  }
  out << "}\n";
}

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

// Lines of a run's outputs/requests.jsonl beyond the first for each (step, attempt).
int duplicate_request_lines(const fs::path& requests, std::set<std::string>& steps) {
  std::map<std::pair<std::string, std::int64_t>, int> seen;
  std::ifstream in(requests);
  int duplicates = 0;
  for (std::string line; std::getline(in, line);) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    if (ec || !value.is_object()) {
      continue;  // a line torn by the kill
    }
    const std::string step(value.at("step_id").as_string());
    steps.insert(step);
    if (++seen[{step, value.at("attempt").as_int64()}] > 1) {
      ++duplicates;
    }
  }
  return duplicates;
}

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::atoi(value) : fallback;
}

// Restores the umask a test changed, also when it fails.
struct ScopedUmask {
  mode_t previous;

  explicit ScopedUmask(mode_t mask) : previous(::umask(mask)) {}

  ~ScopedUmask() { ::umask(previous); }
};

// errno of open(path) in a child running as uid/gid 65534 (nobody); 0 if it opened.
int errno_as_nobody(const fs::path& path) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) {
      ::_exit(250);
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    ::_exit(fd >= 0 ? 0 : errno);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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
    CHECK(old_code == 6);
    CHECK(old_output.find("was deleted and created again") != std::string::npos);
    old_executors_stopped += old_code == 6 ? 1 : 0;
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

TEST_CASE("issue 14: a run id that is not UTF-8 is refused and listings stay valid JSON",
          "[faults][utf8]") {
  lf_runs_test::RunsSandbox lf;
  const auto refused = lf.run(
      {"run", "create", "workflow.text_plan", "--id", "bad\xff", "--inputs", R"({"prompt":"x"})"});
  CHECK(refused.exit_code == 3);  // invalid_argument
  CHECK_THAT(refused.err, Catch::Contains("bad\\xff") && Catch::Contains("valid UTF-8"));
  CHECK_FALSE(fs::exists(lf.runs_dir() / "bad\xff"));

  lf.json({"run", "create", "workflow.text_plan", "--id", "good", "--inputs", R"({"prompt":"x"})"});
  // What an earlier version (or a person) may have left in runs/.
  fs::copy(lf.runs_dir() / "good", lf.runs_dir() / "odd\xfe\xff", fs::copy_options::recursive);
  const auto listed = lf.run({"run", "list", "--json"});
  INFO(listed.out);
  REQUIRE(listed.exit_code == 0);
  boost::system::error_code ec;
  const auto listing = boost::json::parse(listed.out, ec);  // refuses invalid UTF-8
  REQUIRE_FALSE(ec);
  CHECK(listing.at("runs").as_array().size() == 1);
  REQUIRE(listing.at("problems").as_array().size() == 1);
  CHECK(listing.at("problems").as_array()[0].at("run_id") == "odd\\xfe\\xff");
  const auto table = lf.run({"run", "list"});
  CHECK(table.exit_code == 0);
}

TEST_CASE("issue 14: state directories are 0700 under umask 022 and closed to other users",
          "[faults][modes]") {
  const ScopedUmask loose(022);
  lf_runs_test::RunsSandbox lf;
  lf.json({"run", "create", "workflow.text_plan", "--id", "r", "--inputs", R"({"prompt":"x"})"});
  for (const fs::path& dir : {lf.runs_dir().parent_path(), lf.runs_dir(), lf.runs_dir() / "r"}) {
    INFO(dir);

    struct stat info {};

    REQUIRE(::stat(dir.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);
  }
  if (::geteuid() != 0) {
    std::cout << "modes: not root, so no other user to try reading request.json as\n";
    return;
  }
  // Another user cannot read the run's request (which holds the prompt).
  CHECK(errno_as_nobody(lf.runs_dir() / "r" / "request.json") == EACCES);
  CHECK(errno_as_nobody(lf.runs_dir()) == EACCES);
}

TEST_CASE("issue 14: a full state disk gives a clear error and damages no record",
          "[faults][disk]") {
  if (::geteuid() != 0) {
    std::cout << "SKIPPED: mounting a small tmpfs for XDG_STATE_HOME needs root\n";
    std::exit(77);
  }
  lf_runs_test::RunsSandbox lf;
  lf_test::TempDir disk("lf-faults-disk");
  if (::mount("tmpfs", disk.path().c_str(), "tmpfs", 0, "size=512k,mode=0755") != 0) {
    std::cout << "SKIPPED: cannot mount a tmpfs here: " << std::strerror(errno) << "\n";
    std::exit(77);
  }

  struct Unmount {
    fs::path dir;

    ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
  } unmount{disk.path()};

  auto options = lf.options();
  options.env["XDG_STATE_HOME"] = disk.path().string();
  const auto lf_run = [&](const std::vector<std::string>& args) {
    return lf_test::run_process(lf.argv(args), options);
  };
  const auto create = [&](const std::string& id) {
    return lf_run(
        {"run", "create", "workflow.text_plan", "--id", id, "--inputs", R"({"prompt":"p"})"});
  };
  REQUIRE(create("before").exit_code == 0);
  const std::string before = lf_run({"run", "get", "before"}).out;

  // Fill the disk to the last byte.
  const fs::path filler = disk / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
  }
  int clear_errors = 0;
  int attempts = 0;
  for (const std::string id : {"during1", "during2", "during3"}) {
    const auto full = create(id);
    ++attempts;
    INFO(full.err);
    CHECK(full.exit_code == 8);  // io_error
    clear_errors += full.err.find("No space left on device") != std::string::npos ? 1 : 0;
  }
  // A step submitted on the full disk: refused or recorded, never half-written.
  const auto submitted = lf_run({"run", "submit", "before", "draft"});
  if (submitted.exit_code != 0) {
    CHECK_THAT(submitted.err, Catch::Contains("No space left on device"));
  }

  const auto listed = lf_run({"run", "list", "--json"});
  REQUIRE(listed.exit_code == 0);
  const auto listing = boost::json::parse(listed.out).as_object();
  CHECK(listing.at("problems").as_array().empty());
  CHECK(listing.at("runs").as_array().size() == 1);
  const auto again = lf_run({"run", "get", "before"});
  REQUIRE(again.exit_code == 0);
  if (submitted.exit_code != 0) {
    CHECK(again.out == before);  // nothing of the failed update reached the record
  }
  for (const auto& entry : fs::directory_iterator(disk / "lightflow/runs")) {
    CHECK(entry.path().filename() == "before");  // no staging directory left behind
  }

  // With space again, everything works.
  fs::remove(filler);
  CHECK(create("after").exit_code == 0);
  if (submitted.exit_code != 0) {
    CHECK(lf_run({"run", "submit", "before", "draft"}).exit_code == 0);
  }
  std::cout << "full disk: " << attempts << " creates refused, " << clear_errors
            << " with \"No space left on device\"; problems in the listing afterwards: "
            << listing.at("problems").as_array().size() << "\n";
  CHECK(clear_errors == attempts);
}

TEST_CASE(
    "issue 14: a state disk that fills up under lf run exec stops it cleanly, and resume "
    "finishes the run",
    "[faults][disk]") {
  if (::geteuid() != 0) {
    std::cout << "SKIPPED: mounting a small tmpfs for XDG_STATE_HOME needs root\n";
    std::exit(77);
  }
  ctxfs_test::skip_unless_fuse();
  lf_test::TempDir disk("lf-faults-disk");
  if (::mount("tmpfs", disk.path().c_str(), "tmpfs", 0, "size=4m,mode=0755") != 0) {
    std::cout << "SKIPPED: cannot mount a tmpfs here: " << std::strerror(errno) << "\n";
    std::exit(77);
  }

  struct Unmount {
    fs::path dir;

    ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
  } unmount{disk.path()};

  CtxfsMount mount;
  Lf lf(mount);
  lf_test::TempDir project("lf-faults-project");
  const int steps = 80;
  write_dag_project(project.path(), steps, 4);
  auto options = lf.options();
  options.env["LIGHTFLOW_PROJECT"] = project.path().string();
  options.env["XDG_STATE_HOME"] = disk.path().string();
  const auto lf_run = [&](const std::vector<std::string>& args) {
    return lf_test::run_process(lf.argv(args), options);
  };
  lf_test::TempDir logs("lf-faults-logs");
  const fs::path log = logs / "exec.log";
  lf_test::BackgroundProcess exec(
      lf.argv({"run", "exec", "workflow.fault_dag", "--id", "full", "--no-cache", "--json"}),
      options,
      log);
  // Once some steps are done, fill the disk to the last byte.
  for (int i = 0; i < 1000; ++i) {
    const auto status = lf_run({"run", "status", "full", "--json"});
    if (status.exit_code == 0
        && boost::json::parse(status.out).as_object().at("succeeded_steps").as_int64() >= 8) {
      break;
    }
    std::this_thread::sleep_for(5ms);
  }
  const fs::path filler = disk / "filler";
  {
    std::ofstream out(filler, std::ios::binary);
    const std::string block(4096, 'f');
    while (out.write(block.data(), static_cast<std::streamsize>(block.size())) && out.flush()) {
    }
  }
  for (int i = 0; i < 3000 && exec.running(); ++i) {
    std::this_thread::sleep_for(10ms);
  }
  const int code = exec.stop(SIGKILL);
  const std::string output = lf_test::read_file(log);
  INFO(output);
  // Either the run finished before the disk was full, or exec stopped with
  // the reason; never a crash, never a hang.
  CHECK((code == 0 || code == 8));
  if (code == 8) {
    CHECK_THAT(output, Catch::Contains("No space left on device"));
  }
  // The record reads back whole while the disk is still full.
  const auto listed = lf_run({"run", "list", "--json"});
  REQUIRE(listed.exit_code == 0);
  CHECK(boost::json::parse(listed.out).at("problems").as_array().empty());
  REQUIRE(lf_run({"run", "get", "full"}).exit_code == 0);

  fs::remove(filler);
  const auto resumed = lf_run({"run", "resume", "full", "--no-cache", "--json"});
  INFO(resumed.err);
  CHECK((resumed.exit_code == 0 || code == 0));
  const auto manifest = boost::json::parse(lf_run({"run", "get", "full"}).out).as_object();
  int succeeded = 0;
  for (const auto& step : manifest.at("steps").as_array()) {
    succeeded += step.at("status") == "succeeded" ? 1 : 0;
  }
  std::set<std::string> copied;
  const int duplicates =
      duplicate_request_lines(disk / "lightflow/runs/full/outputs/requests.jsonl", copied);
  std::cout << "full disk under exec: exec exit " << code << ", steps succeeded after resume "
            << succeeded << " of " << steps << ", duplicate request lines " << duplicates << "\n";
  CHECK(succeeded == steps);
  CHECK(duplicates == 0);
}
