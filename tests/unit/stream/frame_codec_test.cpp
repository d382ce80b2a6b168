// Frames round-trip through the encoders and the verifying decoder, and a
// damaged frame is refused before anything in it is read.

#include <string>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <lightflow/stream/decode.hpp>
#include <lightflow/stream/encode.hpp>

using lf::core::EventKind;
using lf::core::RunStatus;
using lf::core::StepStatus;
using lf::stream::FrameKind;

namespace {

lf::core::RunSnapshot two_step_run() {
  lf::core::RunManifest manifest;
  manifest.run_id = "r1";
  manifest.workflow_asset_id = "workflow.demo";
  manifest.created_at = "2026-11-28T10:00:00.000Z";
  manifest.updated_at = "2026-11-28T10:00:01.500Z";
  manifest.last_seq = 7;
  lf::core::RunStepRecord outline;
  outline.step_id = "outline";
  outline.node_or_composition_id = "node.chat";
  outline.current.status = StepStatus::succeeded;
  outline.current.provider_id = "offline";
  outline.current.model_id = "offline-echo";
  outline.current.fingerprint = "sha256:abc";
  outline.current.submitted_at = "2026-11-28T10:00:00.250Z";
  outline.current.finished_at = "2026-11-28T10:00:01.000Z";
  lf::core::RunStepRecord draft;
  draft.step_id = "draft";
  draft.node_or_composition_id = "node.chat";
  draft.depends_on = {"outline"};
  draft.current.number = 2;
  draft.current.status = StepStatus::submitted;
  draft.current.cached_from = lf::core::StepSource{"r0", "draft"};
  manifest.steps = {outline, draft};
  lf::core::RunSnapshot snapshot{manifest, lf::core::summarize(manifest), false};
  return snapshot;
}

lf::core::RunEvent step_event() {
  lf::core::RunEvent event;
  event.seq = 8;
  event.time = "2026-11-28T10:00:02.000Z";
  event.kind = EventKind::step_succeeded;
  event.run_id = "r1";
  event.step_id = "draft";
  event.detail = "sha256:def";
  event.attempt = 2;
  event.provider = "offline";
  event.model = "offline-echo";
  event.done_steps = 2;
  event.total_steps = 2;
  return event;
}

}  // namespace

TEST_CASE("a snapshot frame carries the run status and typed step records", "[stream][frame]") {
  const std::string bytes = lf::stream::encode_snapshot(two_step_run());
  REQUIRE(lf::stream::verify_frame(bytes));
  // A size-prefixed FlatBuffer: the prefix counts the bytes after it, and the
  // identifier follows the root offset.
  CHECK(bytes.substr(8, 4) == "LFRS");
  auto frame = lf::stream::decode_frame(bytes);
  REQUIRE(frame);
  CHECK(frame->version == lf::stream::kFrameVersion);
  CHECK(frame->kind == FrameKind::run_snapshot);
  CHECK(frame->run_id == "r1");
  CHECK(frame->status == "running");
  CHECK(frame->run_status == RunStatus::running);
  CHECK(frame->sequence == 7);
  CHECK(frame->timestamp_unix_ms > 0);
  REQUIRE(frame->snapshot);
  const auto& snapshot = *frame->snapshot;
  CHECK(snapshot.workflow_asset_id == "workflow.demo");
  CHECK(snapshot.created_at_unix_ms == 1'795'860'000'000ULL);
  CHECK(snapshot.updated_at_unix_ms == 1'795'860'001'500ULL);
  CHECK(snapshot.total_steps == 2);
  CHECK(snapshot.succeeded_steps == 1);
  CHECK(snapshot.submitted_steps == 1);
  CHECK_FALSE(snapshot.finished);
  REQUIRE(snapshot.steps.size() == 2);
  const auto& outline = snapshot.steps[0];
  CHECK(outline.step_id == "outline");
  CHECK(outline.node_id == "node.chat");
  CHECK(outline.status == StepStatus::succeeded);
  CHECK(outline.attempt == 1);
  CHECK(outline.provider == "offline");
  CHECK(outline.model == "offline-echo");
  CHECK(outline.fingerprint == "sha256:abc");
  CHECK(outline.finished_at_unix_ms - outline.submitted_at_unix_ms == 750);
  CHECK_FALSE(outline.cached);
  const auto& draft = snapshot.steps[1];
  CHECK(draft.status == StepStatus::submitted);
  CHECK(draft.attempt == 2);
  CHECK(draft.cached);
  CHECK(draft.depends_on == std::vector<std::string>{"outline"});
  CHECK(draft.submitted_at_unix_ms == 0);
  CHECK(draft.provider.empty());
  CHECK_FALSE(frame->event);
}

TEST_CASE("an event frame carries the event's seq, kind and time", "[stream][frame]") {
  auto frame = lf::stream::decode_frame(lf::stream::encode_event(step_event(), RunStatus::running));
  REQUIRE(frame);
  CHECK(frame->kind == FrameKind::run_event);
  CHECK(frame->sequence == 8);
  CHECK(frame->timestamp_unix_ms == 1'795'860'002'000ULL);
  CHECK(frame->status == "running");
  REQUIRE(frame->event);
  CHECK(frame->event->kind == EventKind::step_succeeded);
  CHECK(frame->event->step_id == "draft");
  CHECK(frame->event->detail == "sha256:def");
  CHECK(frame->event->attempt == 2);
  CHECK(frame->event->provider == "offline");
  CHECK(frame->event->done_steps == 2);
  CHECK(frame->event->total_steps == 2);

  auto no_status = lf::stream::decode_frame(lf::stream::encode_event(step_event()));
  REQUIRE(no_status);
  CHECK(no_status->status.empty());
  CHECK_FALSE(no_status->run_status);
}

TEST_CASE("trace and step-output frames carry their line and body", "[stream][frame]") {
  const auto line = boost::json::parse(
      R"({"seq":3,"time":"2026-11-28T10:00:00.000Z","event":"submitted","step_id":"a","path":"/ctx/x"})");
  auto trace = lf::stream::decode_frame(lf::stream::encode_trace("r1", line));
  REQUIRE(trace);
  CHECK(trace->kind == FrameKind::run_trace);
  CHECK(trace->sequence == 3);
  REQUIRE(trace->trace);
  CHECK(trace->trace->event == "submitted");
  CHECK(trace->trace->step_id == "a");
  CHECK(trace->trace->detail == "/ctx/x");

  lf::core::StepOutput output;
  output.run_id = "r1";
  output.step_id = "a";
  output.attempt = 1;
  output.status = StepStatus::succeeded;
  output.text = "hello";
  output.raw = std::string("{\"x\":1}\0tail", 12);
  auto frame = lf::stream::decode_frame(lf::stream::encode_step_output(output));
  REQUIRE(frame);
  CHECK(frame->kind == FrameKind::step_output);
  REQUIRE(frame->output);
  CHECK(frame->output->text == "hello");
  CHECK(frame->output->status == StepStatus::succeeded);
  CHECK(frame->output->body == output.raw);
}

TEST_CASE("a truncated frame is refused as corruption", "[stream][verify]") {
  const std::string bytes = lf::stream::encode_snapshot(two_step_run());
  for (std::size_t keep : {bytes.size() - 1, bytes.size() / 2, std::size_t{13}}) {
    auto verified = lf::stream::verify_frame(std::string_view(bytes).substr(0, keep));
    INFO("kept " << keep << " of " << bytes.size() << " bytes");
    REQUIRE_FALSE(verified);
    CHECK(verified.error().code == lf::Code::corruption);
  }
  // Two frames in one buffer are not one frame either.
  CHECK(lf::stream::verify_frame(bytes + bytes).error().code == lf::Code::corruption);
  CHECK(lf::stream::decode_frame(bytes.substr(0, 20)).error().code == lf::Code::corruption);
}

TEST_CASE("a frame with a damaged offset is refused by the verifier", "[stream][verify]") {
  std::string bytes = lf::stream::encode_snapshot(two_step_run());
  // The root table offset (after the size prefix and before the identifier)
  // pointing past the end.
  bytes[4] = '\xff';
  bytes[5] = '\xff';
  auto verified = lf::stream::verify_frame(bytes);
  REQUIRE_FALSE(verified);
  CHECK(verified.error().code == lf::Code::corruption);

  // Every single-byte change in the body is either harmless or refused: the
  // decoder never reads out of bounds (ASan builds would catch it).
  const std::string good = lf::stream::encode_snapshot(two_step_run());
  for (std::size_t at = 12; at < good.size(); ++at) {
    std::string damaged = good;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    auto decoded = lf::stream::decode_frame(damaged);
    if (!decoded) {
      CHECK(decoded.error().code == lf::Code::corruption);
    }
  }
}

TEST_CASE("bytes that are not a runtime frame are refused as invalid", "[stream][verify]") {
  CHECK(lf::stream::verify_frame("").error().code == lf::Code::invalid_argument);
  CHECK(lf::stream::verify_frame("abc").error().code == lf::Code::invalid_argument);
  std::string bytes = lf::stream::encode_event(step_event());
  bytes[8] = 'X';
  CHECK(lf::stream::verify_frame(bytes).error().code == lf::Code::invalid_argument);
}

TEST_CASE("the run status follows the events that change it", "[stream][frame]") {
  using lf::stream::status_after;
  CHECK(status_after(RunStatus::planned, EventKind::run_started) == RunStatus::running);
  CHECK(status_after(RunStatus::planned, EventKind::step_submitted) == RunStatus::running);
  CHECK(status_after(RunStatus::running, EventKind::step_succeeded) == RunStatus::running);
  CHECK(status_after(RunStatus::running, EventKind::run_succeeded) == RunStatus::succeeded);
  CHECK(status_after(RunStatus::running, EventKind::run_failed) == RunStatus::failed);
  CHECK(status_after(RunStatus::planned, EventKind::run_cancelled) == RunStatus::cancelled);
  CHECK(status_after(RunStatus::failed, EventKind::step_retried) == RunStatus::failed);
}
