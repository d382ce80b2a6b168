// Issue 10: executions launched in this process are cancelled by another
// process (`lf run cancel`) and stop within a second, while their events are
// followed from seq 0 to the end without a gap; a detached start leaves no
// child behind and `lf run wait` / `lf run events --follow` see it through.

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include "runs_sandbox.hpp"

namespace fs = std::filesystem;
using lf::core::DeliveryStatus;
using lf::core::EventKind;
using lf::core::RunStatus;
using lf_runs_test::RunsSandbox;

namespace {

using Clock = std::chrono::steady_clock;

// Plays the provider for the runs named: answers each request committed into
// the sandbox's inbox whose id starts with "<run>.", by an atomic rename.
class Responder {
 public:
  Responder(const RunsSandbox& sandbox, std::set<std::string> runs)
      : sandbox_(sandbox), runs_(std::move(runs)), thread_([this] { loop(); }) {}

  ~Responder() {
    stop_ = true;
    thread_.join();
  }

  Responder(const Responder&) = delete;
  Responder& operator=(const Responder&) = delete;

 private:
  void loop() {
    std::set<std::string> done;
    while (!stop_) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(sandbox_.inbox(), ec)) {
        const std::string name = entry.path().filename().string();
        const std::string suffix = ".req.json";
        if (!name.ends_with(suffix)) {
          continue;
        }
        const std::string id = name.substr(0, name.size() - suffix.size());
        if (runs_.count(id.substr(0, id.find('.'))) == 0 || !done.insert(id).second) {
          continue;
        }
        boost::json::object message{{"role", "assistant"}, {"content", "answer to " + id}};
        boost::json::object body{
            {"choices", boost::json::array{boost::json::object{{"message", message}}}}};
        const fs::path temp = sandbox_.outbox() / ("." + id + ".tmp");
        lf_test::write_file(temp, boost::json::serialize(body));
        fs::rename(temp, sandbox_.outbox() / (id + ".resp.json"));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  const RunsSandbox& sandbox_;
  const std::set<std::string> runs_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

lf::core::ServiceConfig config_of(const RunsSandbox& sandbox) {
  // The same directories the sandbox gives lf: <root>/state, <root>/ctx.
  const fs::path root = sandbox.runs_dir().parent_path().parent_path().parent_path();
  lf::core::ServiceConfig config;
  config.project_root = *lf_test::env_value("LF_SOURCE_DIR");
  config.ctx = lf::ctxabi::Layout(root / "ctx", 1000);
  config.dirs.state = sandbox.runs_dir().parent_path();
  config.dirs.cache = root / "cache";
  return config;
}

// The parent process id of `pid` (0 when it cannot be read).
int parent_of(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(stat, line);
  // "<pid> (<comm>) <state> <ppid> ...": the name may hold spaces.
  std::istringstream rest(line.substr(line.rfind(')') + 1));
  std::string state;
  int parent = 0;
  rest >> state >> parent;
  return parent;
}

lf::core::CreateRunRequest request(const std::string& id) {
  return lf::core::CreateRunRequest{
      id, "workflow.parallel_angles", boost::json::object{{"question", "Why " + id + "?"}}};
}

lf::core::ExecOptions no_cache() {
  lf::core::ExecOptions options;
  options.cache = lf::core::CacheMode::bypass;
  return options;
}

Clock::time_point in(std::chrono::milliseconds delay) {
  return Clock::now() + delay;
}

}  // namespace

TEST_CASE(
    "issue 10: a run cancelled by another process stops within a second while another "
    "run's events are followed from seq 0 to the end",
    "[engine]") {
  RunsSandbox sandbox;
  lf::core::Service service(config_of(sandbox));
  Responder responder(sandbox, {"followed"});
  auto followed = service.launch_exec(request("followed"), no_cache());
  auto cancelled = service.launch_exec(request("cancelled"), no_cache());
  REQUIRE(followed);
  REQUIRE(cancelled);
  auto events = followed->subscribe(0);

  // Wait until the cancelled run has requests in flight, then cancel it from
  // another process.
  auto watch = cancelled->subscribe(0);
  std::size_t submitted = 0;
  while (submitted < 2) {
    auto next = watch.next(in(std::chrono::seconds(10)));
    REQUIRE(next.status == DeliveryStatus::event);
    submitted += next.event->kind == EventKind::step_submitted ? 1U : 0U;
  }
  const auto result = sandbox.run({"run", "cancel", "cancelled"});
  const auto cancelled_at = Clock::now();
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  auto ended = cancelled->wait(in(std::chrono::seconds(5)));
  const auto took = Clock::now() - cancelled_at;
  REQUIRE(ended);
  CHECK(ended->summary.status == RunStatus::cancelled);
  CHECK(took < std::chrono::seconds(1));
  // The subscriber of the cancelled run saw the other process's events too.
  std::vector<EventKind> rest;
  for (auto next = watch.next(in(std::chrono::seconds(5))); next.status == DeliveryStatus::event;
       next = watch.next(in(std::chrono::seconds(5)))) {
    rest.push_back(next.event->kind);
  }
  CHECK(std::count(rest.begin(), rest.end(), EventKind::run_cancelled) == 1);
  CHECK(std::count(rest.begin(), rest.end(), EventKind::step_cancelled) == 3);

  std::vector<lf::core::RunEvent> seen;
  for (;;) {
    auto next = events.next(in(std::chrono::seconds(20)));
    if (next.status != DeliveryStatus::event) {
      CHECK(next.status == DeliveryStatus::ended);
      break;
    }
    seen.push_back(*next.event);
  }
  REQUIRE(seen.size() >= 8);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].seq == i + 1);
  }
  CHECK(seen.front().kind == EventKind::run_created);
  CHECK(seen.back().kind == EventKind::run_succeeded);
  auto done = followed->wait(in(std::chrono::seconds(5)));
  REQUIRE(done);
  CHECK(done->summary.status == RunStatus::succeeded);

  // lf reads the same events, from any seq.
  const auto printed = sandbox.json({"run", "events", "followed", "--after-seq", "3"});
  const auto& lines = printed.at("events").as_array();
  REQUIRE(lines.size() == seen.size() - 3);
  CHECK(lines[0].at("seq") == 4);
  CHECK(printed.at("finished") == true);
  // Once its execution ended, the run can be deleted.
  CHECK(sandbox.run({"run", "delete", "followed"}).exit_code == 0);
}

TEST_CASE(
    "lf run start executes a run in a detached executor that lf run wait and lf run "
    "events --follow see through",
    "[engine]") {
  RunsSandbox sandbox;
  const auto started = sandbox.json({"run",
                                     "start",
                                     "workflow.parallel_angles",
                                     "--id",
                                     "bg",
                                     "--inputs",
                                     R"({"question":"q"})",
                                     "--no-cache"});  // answers must come from the test
  CHECK(started.at("run_id") == "bg");
  const auto pid = started.at("pid").to_number<int>();
  REQUIRE(pid > 0);
  // The executor runs in a session of its own, a child of neither lf (which
  // has exited) nor of this process, so nobody here has a zombie to reap.
  CHECK(::getsid(pid) == pid);
  CHECK(parent_of(pid) != ::getpid());
  // While it runs, it cannot be deleted, and its events can be followed.
  const auto refused = sandbox.run({"run", "delete", "bg"});
  CHECK(refused.exit_code != 0);
  CHECK_THAT(refused.err, Catch::Contains("being executed"));
  Responder responder(sandbox, {"bg"});
  const auto followed =
      sandbox.run({"run", "events", "bg", "--follow", "--json", "--timeout", "20"});
  INFO(followed.err);
  REQUIRE(followed.exit_code == 0);
  std::istringstream lines(followed.out);
  std::uint64_t expected = 1;
  std::string last;
  for (std::string line; std::getline(lines, line);) {
    const auto event = boost::json::parse(line).as_object();
    CHECK(event.at("seq").to_number<std::uint64_t>() == expected++);
    last = std::string(event.at("event").as_string());
  }
  CHECK(last == "run.succeeded");
  const auto waited = sandbox.run({"run", "wait", "bg", "--timeout", "10"});
  INFO(waited.err);
  CHECK(waited.exit_code == 0);
  // Once the executor is gone the run can be deleted.
  CHECK(sandbox.run({"run", "delete", "bg"}).exit_code == 0);
}

TEST_CASE("SIGTERM to a detached executor cancels its run cleanly", "[engine]") {
  RunsSandbox sandbox;
  const auto started = sandbox.json({"run",
                                     "start",
                                     "workflow.parallel_angles",
                                     "--id",
                                     "term",
                                     "--inputs",
                                     R"({"question":"q"})",
                                     "--no-cache"});
  const auto pid = started.at("pid").to_number<int>();
  REQUIRE(pid > 0);
  REQUIRE(::kill(pid, SIGTERM) == 0);
  const auto waited = sandbox.run({"run", "wait", "term", "--timeout", "5"});
  INFO(waited.err);
  CHECK(waited.exit_code == 130);
  const auto status = sandbox.json({"run", "status", "term"});
  CHECK(status.at("status") == "cancelled");
  CHECK(status.at("cancelled_steps") == 3);
}
