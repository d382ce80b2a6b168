// The encoders: lf::core's run values into size-prefixed RuntimeFrames.

#include <chrono>

#include <boost/json/value.hpp>

#include <lightflow/stream/encode.hpp>
#include <lightflow/stream/frame.hpp>

#include "runtime_frame_generated.h"
#include "wire_enums.hpp"

namespace lf::stream {
namespace {

namespace fb = lightflow::runtime;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

// Room for one step record with short ids, so that a snapshot of a large run
// seldom grows its buffer.
constexpr std::size_t kBytesPerStep = 160;
constexpr std::size_t kFrameBytes = 256;

std::uint64_t now_unix_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

std::uint32_t count32(std::size_t value) {
  return static_cast<std::uint32_t>(std::min<std::size_t>(value, UINT32_MAX));
}

Offset<flatbuffers::String> optional_string(FlatBufferBuilder& builder,
                                            const std::optional<std::string>& text) {
  return text ? builder.CreateString(*text) : Offset<flatbuffers::String>();
}

// Provider, model and node ids repeat across a run's steps: stored once.
Offset<flatbuffers::String> shared_string(FlatBufferBuilder& builder,
                                          const std::optional<std::string>& text) {
  return text ? builder.CreateSharedString(*text) : Offset<flatbuffers::String>();
}

Offset<fb::StepRecord> step_record(FlatBufferBuilder& builder, const core::RunStepRecord& step) {
  const core::StepAttempt& current = step.current;
  Offset<flatbuffers::Vector<Offset<flatbuffers::String>>> depends_on;
  if (!step.depends_on.empty()) {
    std::vector<Offset<flatbuffers::String>> names;
    names.reserve(step.depends_on.size());
    for (const std::string& name : step.depends_on) {
      names.push_back(builder.CreateSharedString(name));
    }
    depends_on = builder.CreateVector(names);
  }
  const auto step_id = builder.CreateString(step.step_id);
  const auto node_id = builder.CreateSharedString(step.node_or_composition_id);
  const auto provider = shared_string(builder, current.provider_id);
  const auto model = shared_string(builder, current.model_id);
  const auto fingerprint = optional_string(builder, current.fingerprint);
  fb::StepRecordBuilder record(builder);
  record.add_step_id(step_id);
  record.add_node_id(node_id);
  record.add_status(wire::to_wire(current.status));
  record.add_attempt(static_cast<std::uint32_t>(std::max(current.number, 1)));
  record.add_provider(provider);
  record.add_model(model);
  record.add_fingerprint(fingerprint);
  if (current.submitted_at) {
    record.add_submitted_at_unix_ms(unix_ms_of(*current.submitted_at));
  }
  if (current.finished_at) {
    record.add_finished_at_unix_ms(unix_ms_of(*current.finished_at));
  }
  record.add_cached(current.cached_from.has_value());
  record.add_depends_on(depends_on);
  return record.Finish();
}

// The fields every frame has; `body` is added by the caller's lambda.
struct FrameHead {
  FrameKind kind = FrameKind::unknown;
  std::string_view run_id;
  std::optional<core::RunStatus> run_status;
  std::uint64_t sequence = 0;
  std::uint64_t timestamp_unix_ms = 0;
};

template <typename AddBody>
std::string finish_frame(FlatBufferBuilder& builder, const FrameHead& head, AddBody add_body) {
  const auto run_id = builder.CreateString(head.run_id.data(), head.run_id.size());
  Offset<flatbuffers::String> status;
  if (head.run_status) {
    const std::string_view name = core::to_string(*head.run_status);
    status = builder.CreateString(name.data(), name.size());
  }
  fb::RuntimeFrameBuilder frame(builder);
  frame.add_version(kFrameVersion);
  frame.add_kind(wire::to_wire(head.kind));
  frame.add_run_id(run_id);
  frame.add_status(status);
  frame.add_sequence(head.sequence);
  frame.add_timestamp_unix_ms(head.timestamp_unix_ms);
  if (head.run_status) {
    frame.add_run_status(wire::to_wire(*head.run_status));
  }
  add_body(frame);
  builder.FinishSizePrefixed(frame.Finish(), fb::RuntimeFrameIdentifier());
  return std::string(reinterpret_cast<const char*>(builder.GetBufferPointer()), builder.GetSize());
}

std::optional<std::string> json_text_field(const boost::json::value& line, std::string_view key) {
  const auto* object = line.if_object();
  const boost::json::value* value = object != nullptr ? object->if_contains(key) : nullptr;
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return std::string(value->get_string());
}

}  // namespace

std::string encode_snapshot(const core::RunSnapshot& snapshot) {
  const core::RunManifest& manifest = snapshot.manifest;
  const core::RunStatusSummary& summary = snapshot.summary;
  FlatBufferBuilder builder(kFrameBytes + kBytesPerStep * manifest.steps.size());
  std::vector<Offset<fb::StepRecord>> records;
  records.reserve(manifest.steps.size());
  for (const core::RunStepRecord& step : manifest.steps) {
    records.push_back(step_record(builder, step));
  }
  const auto steps = builder.CreateVector(records);
  const auto workflow = builder.CreateString(manifest.workflow_asset_id);
  fb::SnapshotBuilder body(builder);
  body.add_workflow_asset_id(workflow);
  body.add_created_at_unix_ms(unix_ms_of(manifest.created_at));
  body.add_updated_at_unix_ms(unix_ms_of(manifest.updated_at));
  body.add_total_steps(count32(summary.total_steps));
  body.add_planned_steps(count32(summary.planned_steps));
  body.add_submitted_steps(count32(summary.submitted_steps));
  body.add_cancelled_steps(count32(summary.cancelled_steps));
  body.add_succeeded_steps(count32(summary.succeeded_steps));
  body.add_failed_steps(count32(summary.failed_steps));
  body.add_finished(snapshot.finished);
  body.add_steps(steps);
  const auto snapshot_body = body.Finish();
  const FrameHead head{
      FrameKind::run_snapshot, manifest.run_id, summary.status, manifest.last_seq, now_unix_ms()};
  return finish_frame(
      builder, head, [&](fb::RuntimeFrameBuilder& frame) { frame.add_snapshot(snapshot_body); });
}

std::string encode_event(const core::RunEvent& event, std::optional<core::RunStatus> run_status) {
  FlatBufferBuilder builder(kFrameBytes);
  const auto step_id = optional_string(builder, event.step_id);
  const auto detail = optional_string(builder, event.detail);
  const auto provider = optional_string(builder, event.provider);
  const auto model = optional_string(builder, event.model);
  fb::EventBuilder body(builder);
  body.add_kind(wire::to_wire(event.kind));
  body.add_step_id(step_id);
  body.add_detail(detail);
  body.add_attempt(static_cast<std::uint32_t>(std::max(event.attempt.value_or(0), 0)));
  body.add_provider(provider);
  body.add_model(model);
  body.add_done_steps(count32(event.done_steps));
  body.add_total_steps(count32(event.total_steps));
  const auto event_body = body.Finish();
  const FrameHead head{
      FrameKind::run_event, event.run_id, run_status, event.seq, unix_ms_of(event.time)};
  return finish_frame(
      builder, head, [&](fb::RuntimeFrameBuilder& frame) { frame.add_event(event_body); });
}

std::string encode_trace(std::string_view run_id, const boost::json::value& line) {
  FlatBufferBuilder builder(kFrameBytes);
  const auto event = optional_string(builder, json_text_field(line, "event"));
  const auto step_id = optional_string(builder, json_text_field(line, "step_id"));
  auto detail_text = json_text_field(line, "path");
  if (!detail_text) {
    detail_text = json_text_field(line, "detail");
  }
  const auto detail = optional_string(builder, detail_text);
  const auto trace_body = fb::CreateTraceLine(builder, event, step_id, detail);
  std::uint64_t seq = 0;
  if (const auto* object = line.if_object()) {
    if (const auto* value = object->if_contains("seq"); value != nullptr && value->is_uint64()) {
      seq = value->get_uint64();
    } else if (value != nullptr && value->is_int64() && value->get_int64() >= 0) {
      seq = static_cast<std::uint64_t>(value->get_int64());
    }
  }
  const auto time = json_text_field(line, "time");
  const FrameHead head{
      FrameKind::run_trace, run_id, std::nullopt, seq, time ? unix_ms_of(*time) : now_unix_ms()};
  return finish_frame(
      builder, head, [&](fb::RuntimeFrameBuilder& frame) { frame.add_trace(trace_body); });
}

std::string encode_step_output(const core::StepOutput& output) {
  FlatBufferBuilder builder(kFrameBytes + output.raw.size());
  const auto step_id = builder.CreateString(output.step_id);
  const auto text = optional_string(builder, output.text);
  const auto body_bytes = builder.CreateVector(
      reinterpret_cast<const std::uint8_t*>(output.raw.data()), output.raw.size());
  const auto output_body =
      fb::CreateStepOutput(builder,
                           step_id,
                           static_cast<std::uint32_t>(std::max(output.attempt, 1)),
                           wire::to_wire(output.status),
                           text,
                           body_bytes);
  const FrameHead head{FrameKind::step_output, output.run_id, std::nullopt, 0, now_unix_ms()};
  return finish_frame(
      builder, head, [&](fb::RuntimeFrameBuilder& frame) { frame.add_output(output_body); });
}

core::RunStatus status_after(core::RunStatus before, core::EventKind event) noexcept {
  switch (event) {
    case core::EventKind::run_succeeded:
      return core::RunStatus::succeeded;
    case core::EventKind::run_failed:
      return core::RunStatus::failed;
    case core::EventKind::run_cancelled:
      return core::RunStatus::cancelled;
    case core::EventKind::run_started:
    case core::EventKind::step_submitted:
    case core::EventKind::step_cached:
      return before == core::RunStatus::planned ? core::RunStatus::running : before;
    default:
      return before;
  }
}

}  // namespace lf::stream
