// The in-process execution engine: launches, handles, subscriptions, the
// registry that run_cancel and run_delete reach, and the Service called from
// several threads at once. The test plays CortexFS on an ordinary directory:
// a responder thread answers the requests of the runs it is told to answer.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/core/service.hpp>

#include "execution/executor_lock.hpp"
#include "service_fixture.hpp"
#include <lf_test/files.hpp>

namespace fs = std::filesystem;
using lf::core::CreateRunRequest;
using lf::core::DeliveryStatus;
using lf::core::EventKind;
using lf::core::RunStatus;

namespace {

using Clock = std::chrono::steady_clock;

struct Fixture : lf_test::ServiceFixture {
  std::set<std::string> answered_runs;  // guarded by mutex
  std::mutex mutex;
  std::atomic<bool> stop{false};
  std::thread responder;

  Fixture() {
    responder = std::thread([this] { respond(); });
  }

  ~Fixture() {
    stop = true;
    responder.join();
  }

  Fixture(const Fixture&) = delete;
  Fixture& operator=(const Fixture&) = delete;

  void answer_run(const std::string& run_id) {
    const std::lock_guard lock(mutex);
    answered_runs.insert(run_id);
  }

  // Answers each committed request of an answered run once, atomically.
  void respond() {
    std::set<std::string> done;
    while (!stop) {
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(inbox(), ec)) {
        const std::string name = entry.path().filename().string();
        const std::string suffix = ".req.json";
        if (name.size() <= suffix.size() || !name.ends_with(suffix)) {
          continue;
        }
        const std::string id = name.substr(0, name.size() - suffix.size());
        const std::string run = id.substr(0, id.find('.'));
        {
          const std::lock_guard lock(mutex);
          if (answered_runs.count(run) == 0 || done.count(id) != 0) {
            continue;
          }
        }
        boost::json::object message{{"role", "assistant"}, {"content", "answer to " + id}};
        boost::json::object body{
            {"choices", boost::json::array{boost::json::object{{"message", message}}}}};
        lf_test::write_file(outbox() / ("." + id + ".tmp"), boost::json::serialize(body));
        fs::rename(outbox() / ("." + id + ".tmp"), outbox() / (id + ".resp.json"));
        done.insert(id);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  static CreateRunRequest request(const std::string& id) {
    return CreateRunRequest{
        id, "workflow.parallel_angles", boost::json::object{{"question", "Why " + id + "?"}}};
  }

  static lf::core::ExecOptions options() {
    lf::core::ExecOptions options;
    options.cache = lf::core::CacheMode::bypass;
    return options;
  }
};

Clock::time_point in(std::chrono::milliseconds delay) {
  return Clock::now() + delay;
}

// Every event of a subscription until the execution ends.
std::vector<lf::core::RunEvent> drain(lf::core::EventSubscription& events) {
  std::vector<lf::core::RunEvent> seen;
  for (;;) {
    auto next = events.next(in(std::chrono::seconds(20)));
    if (next.status != DeliveryStatus::event) {
      CHECK(next.status == DeliveryStatus::ended);
      return seen;
    }
    seen.push_back(*next.event);
  }
}

}  // namespace

TEST_CASE("two executions in one process run side by side while other threads call the Service",
          "[core][engine]") {
  Fixture f;
  f.answer_run("fast");
  auto fast = f.service.launch_exec(Fixture::request("fast"), Fixture::options());
  auto slow = f.service.launch_exec(Fixture::request("slow"), Fixture::options());
  REQUIRE(fast);
  REQUIRE(slow);
  auto fast_events = fast->subscribe();

  // A waiter and readers beside the executors.
  lf::Result<lf::core::RunStatusSummary> waited = lf::fail(lf::Code::internal, "not waited");
  std::thread waiter([&] { waited = f.service.run_wait("fast", in(std::chrono::seconds(20))); });
  std::atomic<bool> reading{true};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 3; ++i) {
    readers.emplace_back([&] {
      while (reading) {
        CHECK(f.service.run_list());
        CHECK(f.service.run_events("slow"));
        CHECK(f.service.run_status("fast"));
        ++reads;
      }
    });
  }

  const auto seen = drain(fast_events);
  auto fast_result = fast->wait(in(std::chrono::seconds(20)));
  waiter.join();
  // The slow run waits for answers that never come until it is cancelled.
  CHECK_FALSE(slow->finished());
  const auto cancel_at = Clock::now();
  REQUIRE(f.service.run_cancel("slow"));
  auto slow_result = slow->wait(in(std::chrono::seconds(5)));
  const auto stopped_after = Clock::now() - cancel_at;
  reading = false;
  for (auto& reader : readers) {
    reader.join();
  }

  REQUIRE(fast_result);
  CHECK(fast_result->summary.status == RunStatus::succeeded);
  REQUIRE(waited);
  CHECK(waited->status == RunStatus::succeeded);
  REQUIRE(slow_result);
  CHECK(slow_result->summary.status == RunStatus::cancelled);
  CHECK(stopped_after < std::chrono::seconds(1));
  CHECK(reads > 0);

  // From seq 1 to the end without a gap, exactly as saved.
  REQUIRE_FALSE(seen.empty());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(seen[i].seq == i + 1);
  }
  CHECK(seen.front().kind == EventKind::run_created);
  CHECK(seen[1].kind == EventKind::run_started);
  CHECK(seen.back().kind == EventKind::run_succeeded);
  CHECK(seen.back().done_steps == 3);
  auto saved = f.service.run_events("fast");
  REQUIRE(saved);
  CHECK(saved->finished);
  REQUIRE(saved->events.size() == seen.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CHECK(lf::core::to_json(saved->events[i]) == lf::core::to_json(seen[i]));
  }
  auto slow_saved = f.service.run_events("slow");
  REQUIRE(slow_saved);
  CHECK(slow_saved->events.back().kind == EventKind::step_cancelled);
}

TEST_CASE("a run being executed cannot be deleted or executed twice", "[core][engine]") {
  Fixture f;
  auto running = f.service.launch_exec(Fixture::request("held"), Fixture::options());
  REQUIRE(running);
  auto deleted = f.service.run_delete("held");
  REQUIRE_FALSE(deleted);
  CHECK(deleted.error().code == lf::Code::conflict);
  auto second = f.service.launch_resume("held", Fixture::options());
  REQUIRE_FALSE(second);
  CHECK(second.error().code == lf::Code::conflict);
  CHECK(fs::exists(f.root.path() / "state/lightflow/runs/held/manifest.json"));

  running->cancel();
  auto ended = running->wait(in(std::chrono::seconds(5)));
  REQUIRE(ended);
  CHECK(ended->summary.status == RunStatus::cancelled);
  CHECK(f.service.run_delete("held"));
  CHECK(f.service.run_delete("held").error().code == lf::Code::not_found);
}

TEST_CASE("waiting gives up at its deadline and when its stop token is signalled",
          "[core][engine]") {
  Fixture f;
  auto running = f.service.launch_exec(Fixture::request("long"), Fixture::options());
  REQUIRE(running);
  auto timed_out = running->wait(in(std::chrono::milliseconds(50)));
  REQUIRE_FALSE(timed_out);
  CHECK(timed_out.error().code == lf::Code::timeout);

  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop.request_stop();
  });
  const auto started = Clock::now();
  auto stopped = f.service.run_wait("long", std::nullopt, stop.get_token());
  stopper.join();
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().code == lf::Code::cancelled);
  CHECK(Clock::now() - started < std::chrono::seconds(2));
  CHECK_FALSE(running->finished());  // stopping a wait does not stop the run

  // run_events_follow wakes for an event written by someone else.
  const std::uint64_t after = f.service.run_events("long")->last_seq;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(f.service.run_cancel("long"));
  });
  auto followed =
      f.service.run_events_follow("long", after, in(std::chrono::seconds(5)), std::stop_token());
  canceller.join();
  REQUIRE(followed);
  REQUIRE_FALSE(followed->events.empty());
  CHECK(followed->events.front().seq == after + 1);
  CHECK(followed->events.front().kind == EventKind::run_cancelled);
  REQUIRE(running->wait(in(std::chrono::seconds(5))));
}

TEST_CASE("a subscriber that falls behind is dropped and told so; the run goes on",
          "[core][engine]") {
  Fixture f;
  auto running = f.service.launch_exec(Fixture::request("busy"), Fixture::options());
  REQUIRE(running);
  auto stuck = running->subscribe(running->started_after_seq(), 1);
  auto reader = running->subscribe();
  f.answer_run("busy");  // every answer from now on is a live event
  auto ended = running->wait(in(std::chrono::seconds(20)));
  REQUIRE(ended);
  CHECK(ended->summary.status == RunStatus::succeeded);
  // The stuck subscriber gets what it was given before it fell behind, then
  // learns that it was dropped.
  std::size_t delivered = 0;
  lf::core::Delivery next;
  while ((next = stuck.next(in(std::chrono::seconds(1)))).status == DeliveryStatus::event) {
    ++delivered;
  }
  CHECK(next.status == DeliveryStatus::dropped);
  // The other one still sees every event of the run, then the end.
  const auto seen = drain(reader);
  CHECK(delivered < seen.size() - 1);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back().kind == EventKind::run_succeeded);
  // A late subscriber reads what it missed from the run's events.
  auto late = running->subscribe(2);
  const auto rest = drain(late);
  REQUIRE(rest.size() == seen.size() - 2);
  CHECK(rest.front().seq == 3);
}

TEST_CASE("old events.jsonl lines without a seq are numbered by their order", "[core][engine]") {
  Fixture f;
  REQUIRE(f.service.run_create(Fixture::request("old")));
  const fs::path events = f.root.path() / "state/lightflow/runs/old/events.jsonl";
  lf_test::write_file(
      events,
      "{\"event\":\"run.created\",\"run_id\":\"old\"}\n"
      "{\"event\":\"step.submitted\",\"run_id\":\"old\",\"step_id\":\"sceptic\"}\n");
  auto read = f.service.run_events("old");
  REQUIRE(read);
  REQUIRE(read->events.size() == 2);
  CHECK(read->events[0].seq == 1);
  CHECK(read->events[1].seq == 2);
  CHECK(read->events[1].step_id == "sceptic");
  CHECK(f.service.run_events("old", 1)->events.size() == 1);
}

TEST_CASE("looking whether a run is being executed never makes an executor's attempt fail",
          "[core][engine]") {
  lf_test::TempDir dir;
  std::atomic<bool> probing{true};
  std::atomic<int> probes{0};
  std::thread prober([&] {
    while (probing) {
      CHECK_FALSE(lf::core::ExecutorLock::held(dir.path() / "missing"));
      lf::core::ExecutorLock::held(dir.path());
      ++probes;
    }
  });
  int taken = 0;
  for (int i = 0; i < 2000; ++i) {
    auto lock = lf::core::ExecutorLock::try_acquire(dir.path());
    taken += lock ? 1 : 0;
    if (lock) {
      CHECK(lf::core::ExecutorLock::held(dir.path()));
      CHECK(lf::core::ExecutorLock::holder_pid(dir.path()) == ::getpid());
      // A second executor, in this process too, is refused.
      CHECK(lf::core::ExecutorLock::try_acquire(dir.path()).error().code == lf::Code::conflict);
    }
  }
  probing = false;
  prober.join();
  CHECK(taken == 2000);
  CHECK(probes > 0);
  CHECK_FALSE(lf::core::ExecutorLock::held(dir.path()));
}

TEST_CASE("a Service runs at most max_executions executions at once", "[core][engine]") {
  Fixture layout;  // for its directories
  auto config = layout.config();
  config.max_executions = 1;
  lf::core::Service service(config);
  auto first = service.launch_exec(Fixture::request("one"), Fixture::options());
  REQUIRE(first);
  auto found = service.find_execution("one");
  REQUIRE(found);
  CHECK(found->run_id() == "one");
  CHECK_FALSE(service.find_execution("two"));
  auto refused = service.launch_exec(Fixture::request("two"), Fixture::options());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == lf::Code::unavailable);
  CHECK_FALSE(service.run_get("two"));  // a refused launch leaves no run behind
  REQUIRE(service.run_create(Fixture::request("two")));
  found->cancel();  // any handle of an execution reaches it
  REQUIRE(first->wait(in(std::chrono::seconds(5))));
  CHECK_FALSE(service.find_execution("one"));
  auto next = service.launch_resume("two", Fixture::options());
  REQUIRE(next);
  next->cancel();
  auto ended = next->wait(in(std::chrono::seconds(5)));
  REQUIRE(ended);
  CHECK(ended->summary.status == RunStatus::cancelled);
}
