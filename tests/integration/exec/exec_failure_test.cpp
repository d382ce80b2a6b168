// How executions end when providers fail, hang or the user cancels.

#include <signal.h>

#include <algorithm>
#include <thread>

#include <catch2/catch.hpp>

#include "fake_provider.hpp"
#include "lf_exec.hpp"

using ctxfs_test::CtxfsMount;
using exec_test::Lf;
using namespace std::chrono_literals;

namespace {

// A mount whose every request goes to the fake provider as model `model`
// (fail500 answers 500; slow answers after 3 s).
ctxfs_test::MountOptions provider_options(const ctxfs_test::FakeProvider& provider,
                                          const std::string& model) {
  ctxfs_test::MountOptions options;
  options.env["CORTEXFS_OPENAI_BASE_URL"] = provider.base_url();
  options.env["CORTEXFS_OPENAI_MODEL"] = model;
  return options;
}

const std::vector<std::string> kTextPlan = {
    "run", "exec", "workflow.text_plan", "--inputs", R"({"prompt":"plan"})"};

std::vector<std::string> with(std::vector<std::string> args, std::vector<std::string> more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("a failing step is retried, and the run fails cleanly when retries run out",
          "[exec][retry]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(provider_options(provider, "fail500"));
  Lf lf(mount);
  const auto result = lf.run(with(kTextPlan, {"--id", "flaky", "--retries", "2"}));
  CHECK(result.exit_code == 1);
  CHECK(Lf::events(result.out, "step.failed", "draft").size() == 3);
  // One name for a retry, live and saved.
  CHECK(Lf::events(result.out, "step.retried", "draft").size() == 2);
  const auto saved = lf.json({"run", "events", "flaky"}).at("events").as_array();
  const auto retried = std::count_if(saved.begin(), saved.end(), [](const auto& line) {
    return line.as_object().at("event") == "step.retried";
  });
  CHECK(retried == 2);
  CHECK(Lf::events(result.out, "run.failed").size() == 1);
  const auto manifest = lf.json({"run", "get", "flaky"});
  const auto& draft = exec_test::step_record(manifest, "draft");
  CHECK(draft.at("status") == "failed");
  CHECK(draft.at("attempt") == 3);
  CHECK(draft.at("attempts").as_array().size() == 2);
  // Each attempt had its own request id.
  CHECK(draft.at("cortex").as_object().at("request_id").as_string()
        == "flaky." + std::string(manifest.at("incarnation").as_string()) + ".draft.3");
}

TEST_CASE("a step that gets no answer in time fails with a timeout", "[exec][timeout]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(provider_options(provider, "slow"));
  Lf lf(mount);
  const auto started = std::chrono::steady_clock::now();
  const auto result = lf.run(with(kTextPlan, {"--id", "late", "--step-timeout", "1"}));
  CHECK(result.exit_code == 1);
  CHECK(std::chrono::steady_clock::now() - started < 3s);
  const auto timed_out = Lf::events(result.out, "step.timed_out", "draft");
  REQUIRE(timed_out.size() == 1);
  CHECK_THAT(std::string(timed_out[0].at("detail").as_string()), Catch::Contains("timed out"));
}

TEST_CASE("Ctrl-C cancels a running execution cleanly", "[exec][cancel]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(provider_options(provider, "slow"));
  Lf lf(mount);
  lf_test::BackgroundProcess exec(lf.argv(with(kTextPlan, {"--id", "stop-me"})), lf.options());
  // Wait until the step is in flight, then interrupt as a terminal would.
  for (int i = 0; i < 200; ++i) {
    const auto status = lf.run({"run", "status", "stop-me", "--json"});
    if (status.exit_code == 0
        && boost::json::parse(status.out).as_object().at("submitted_steps") == 1) {
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  CHECK(exec.stop(SIGINT) == 130);
  const auto status = lf.json({"run", "status", "stop-me", "--json"});
  CHECK(status.at("status") == "cancelled");
  CHECK(status.at("cancelled_steps") == 1);
}

TEST_CASE("lf on a mount whose daemon died fails at once with unavailable", "[exec][dead_mount]") {
  ctxfs_test::skip_unless_fuse();
  ctxfs_test::FakeProvider provider;
  CtxfsMount mount(provider_options(provider, "slow"));  // the step is in flight for 3 s
  Lf lf(mount);
  lf_test::ProcessResult result;
  std::chrono::steady_clock::duration ran{};
  std::thread run([&] {
    const auto start = std::chrono::steady_clock::now();
    result = lf.run(with(kTextPlan, {"--id", "orphan", "--step-timeout", "600"}));
    ran = std::chrono::steady_clock::now() - start;
  });
  std::this_thread::sleep_for(1000ms);  // committed, waiting for its answer
  mount.signal_daemon(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  run.join();
  INFO(result.err);
  CHECK(result.exit_code == 11);  // unavailable
  CHECK(result.err.find("CortexFS at " + mount.root().string() + " is not connected")
        != std::string::npos);
  CHECK(result.err.find("ctxfs mount " + mount.root().string()) != std::string::npos);
  // Not the step's timeout, nor the slow model's 3 s: the death itself ends the wait.
  CHECK(std::chrono::steady_clock::now() - killed < 1500ms);
  CHECK(ran < 3000ms);
}
