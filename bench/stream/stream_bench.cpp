// Snapshot frame versus manifest JSON for one large run. Both sides start
// from the same in-memory run (a RunSnapshot whose manifest has N succeeded
// steps, each depending on the one before, with a request template and a
// CortexFS exchange like the planner writes): the frame side runs
// lf::stream::encode_snapshot, the JSON side core::to_json + serialize in a
// monotonic resource, exactly as the run store writes manifest.json. Each is
// run `rounds` times; the median is reported, then the ratio and the sizes.
// Usage: stream_bench [steps] [rounds]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include <lightflow/core/run_json.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/stream/decode.hpp>
#include <lightflow/stream/encode.hpp>

using Clock = std::chrono::steady_clock;

namespace {

lf::core::RunSnapshot large_run(std::size_t steps) {
  lf::core::RunManifest manifest;
  manifest.run_id = "bench-run";
  manifest.incarnation = "0123456789abcdef";
  manifest.workflow_asset_id = "workflow.bench";
  manifest.created_at = "2026-11-28T10:00:00.000Z";
  manifest.updated_at = "2026-11-28T10:05:00.000Z";
  manifest.last_seq = steps * 2 + 3;
  manifest.source_hashes = {{"workflow.bench", "sha256:1111"}, {"node.chat", "sha256:2222"}};
  const std::string inbox = "/ctx/home/1000/api/openai.chat/inbox/";
  const std::string outbox = "/ctx/home/1000/api/openai.chat/outbox/";
  for (std::size_t i = 0; i < steps; ++i) {
    lf::core::RunStepRecord step;
    step.step_id = "step-" + std::to_string(i);
    step.node_or_composition_id = "node.chat";
    if (i > 0) {
      step.depends_on.push_back("step-" + std::to_string(i - 1));
    }
    step.request_template = boost::json::object{
        {"model", "llm.default"},
        {"messages",
         boost::json::array{boost::json::object{
             {"role", "user"},
             {"content", "Continue from {{steps.prev.text}} about {{inputs.topic}}"}}}}};
    lf::core::StepAttempt& current = step.current;
    const std::string id = "bench-run.0123456789abcdef." + step.step_id;
    current.cortex.target.kind = lf::cortex::TargetKind::api;
    current.cortex.target.name = "openai.chat";
    current.cortex.request_id = id;
    current.cortex.inbox_dir = inbox;
    current.cortex.outbox_dir = outbox;
    current.cortex.staged_request = inbox + id + ".tmp";
    current.cortex.commit_request = inbox + id + ".req.json";
    current.cortex.response = outbox + id + ".resp.json";
    current.cortex.error = outbox + id + ".error";
    current.cortex.fingerprint = outbox + id + ".fingerprint";
    current.cortex.wait = outbox + id + ".wait";
    current.status = lf::core::StepStatus::succeeded;
    current.submitted_at = "2026-11-28T10:00:01.250Z";
    current.finished_at = "2026-11-28T10:00:02.500Z";
    current.provider_id = "offline";
    current.model_id = "offline-echo";
    current.fingerprint = "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f0" + std::to_string(i);
    current.response_path = "outputs/" + step.step_id + ".1.resp.json";
    manifest.steps.push_back(std::move(step));
  }
  lf::core::RunSnapshot snapshot{std::move(manifest), {}, true};
  snapshot.summary = lf::core::summarize(snapshot.manifest);
  return snapshot;
}

template <typename Work>
double median_ms(int rounds, Work work) {
  std::vector<double> times;
  for (int round = 0; round < rounds; ++round) {
    const auto start = Clock::now();
    work();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t steps = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 30;
  const lf::core::RunSnapshot run = large_run(steps);

  std::size_t frame_bytes = 0;
  const double frame_ms = median_ms(rounds, [&] {
    const std::string frame = lf::stream::encode_snapshot(run);
    frame_bytes = frame.size();
  });
  std::size_t json_bytes = 0;
  const double json_ms = median_ms(rounds, [&] {
    boost::json::monotonic_resource arena;
    const std::string text = boost::json::serialize(lf::core::to_json(run.manifest, &arena));
    json_bytes = text.size();
  });
  // Not part of the goal: what a reader pays to check a frame before use.
  const std::string frame = lf::stream::encode_snapshot(run);
  const double verify_ms = median_ms(rounds, [&] {
    if (!lf::stream::verify_frame(frame)) {
      std::abort();
    }
  });

  const double ratio = frame_ms / json_ms;
  std::printf("steps                      %zu (median of %d rounds)\n", steps, rounds);
  std::printf("snapshot frame (encode)    %8.3f ms  %9zu bytes\n", frame_ms, frame_bytes);
  std::printf("manifest JSON (serialise)  %8.3f ms  %9zu bytes\n", json_ms, json_bytes);
  std::printf("time ratio frame/json      %8.3f  (goal <= 1)\n", ratio);
  std::printf("size ratio frame/json      %8.3f\n",
              static_cast<double>(frame_bytes) / static_cast<double>(json_bytes));
  std::printf("frame verify               %8.3f ms\n", verify_ms);
  std::printf("goal %s\n", ratio <= 1.0 ? "met" : "NOT met");
  return ratio <= 1.0 ? 0 : 1;
}
