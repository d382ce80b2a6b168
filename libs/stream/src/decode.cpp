// Reading frames: the FlatBuffers verifier first, then the values.

#include <cstring>

#include <lightflow/stream/decode.hpp>

#include "runtime_frame_generated.h"
#include "wire_enums.hpp"

namespace lf::stream {
namespace {

namespace fb = lightflow::runtime;

// Bounds for the verifier: far above any frame we write (a snapshot of a
// 100,000-step run has ~100,000 tables), far below what would let a hostile
// frame make the verifier work for long.
constexpr flatbuffers::uoffset_t kMaxDepth = 16;
constexpr flatbuffers::uoffset_t kMaxTables = 4'000'000;
constexpr std::size_t kPrefixBytes = sizeof(flatbuffers::uoffset_t);

std::string text_of(const flatbuffers::String* text) {
  return text != nullptr ? text->str() : std::string();
}

StepRecord step_of(const fb::StepRecord& record) {
  StepRecord step;
  step.step_id = text_of(record.step_id());
  step.node_id = text_of(record.node_id());
  step.status = wire::from_wire(record.status());
  step.attempt = record.attempt();
  step.provider = text_of(record.provider());
  step.model = text_of(record.model());
  step.fingerprint = text_of(record.fingerprint());
  step.submitted_at_unix_ms = record.submitted_at_unix_ms();
  step.finished_at_unix_ms = record.finished_at_unix_ms();
  step.cached = record.cached();
  if (const auto* names = record.depends_on()) {
    step.depends_on.reserve(names->size());
    for (const auto* name : *names) {
      step.depends_on.push_back(text_of(name));
    }
  }
  return step;
}

SnapshotBody snapshot_of(const fb::Snapshot& snapshot) {
  SnapshotBody body;
  body.workflow_asset_id = text_of(snapshot.workflow_asset_id());
  body.created_at_unix_ms = snapshot.created_at_unix_ms();
  body.updated_at_unix_ms = snapshot.updated_at_unix_ms();
  body.total_steps = snapshot.total_steps();
  body.planned_steps = snapshot.planned_steps();
  body.submitted_steps = snapshot.submitted_steps();
  body.cancelled_steps = snapshot.cancelled_steps();
  body.succeeded_steps = snapshot.succeeded_steps();
  body.failed_steps = snapshot.failed_steps();
  body.finished = snapshot.finished();
  if (const auto* steps = snapshot.steps()) {
    body.steps.reserve(steps->size());
    for (const auto* step : *steps) {
      body.steps.push_back(step_of(*step));
    }
  }
  return body;
}

EventBody event_of(const fb::Event& event) {
  return EventBody{wire::from_wire(event.kind()),
                   text_of(event.step_id()),
                   text_of(event.detail()),
                   event.attempt(),
                   text_of(event.provider()),
                   text_of(event.model()),
                   event.done_steps(),
                   event.total_steps()};
}

OutputBody output_of(const fb::StepOutput& output) {
  OutputBody body{text_of(output.step_id()),
                  output.attempt(),
                  wire::from_wire(output.status()),
                  text_of(output.text()),
                  {}};
  if (const auto* bytes = output.body()) {
    body.body.assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  }
  return body;
}

}  // namespace

Result<void> verify_frame(std::string_view bytes) {
  if (bytes.size() < kPrefixBytes + 2 * sizeof(flatbuffers::uoffset_t)) {
    return fail(Code::invalid_argument,
                "runtime frame: " + std::to_string(bytes.size())
                    + " bytes are too few for a size-prefixed FlatBuffer");
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  if (std::memcmp(data + kPrefixBytes + sizeof(flatbuffers::uoffset_t),
                  kFileIdentifier.data(),
                  kFileIdentifier.size())
      != 0) {
    return fail(Code::invalid_argument,
                "runtime frame: not a LightFlow runtime frame (no \"LFRS\" identifier)");
  }
  const auto length = flatbuffers::ReadScalar<flatbuffers::uoffset_t>(data);
  if (length != bytes.size() - kPrefixBytes) {
    return fail(Code::corruption,
                "runtime frame: the size prefix says " + std::to_string(length) + " bytes, "
                    + std::to_string(bytes.size() - kPrefixBytes)
                    + " follow (truncated or not one frame)");
  }
  flatbuffers::Verifier verifier(data, bytes.size(), kMaxDepth, kMaxTables);
  if (!fb::VerifySizePrefixedRuntimeFrameBuffer(verifier)) {
    return fail(Code::corruption, "runtime frame: the FlatBuffers verifier rejects it");
  }
  return {};
}

Result<Frame> decode_frame(std::string_view bytes) {
  if (auto ok = verify_frame(bytes); !ok) {
    return fail(std::move(ok).error());
  }
  const fb::RuntimeFrame& wire_frame = *fb::GetSizePrefixedRuntimeFrame(bytes.data());
  Frame frame;
  frame.version = wire_frame.version();
  frame.kind = wire::from_wire(wire_frame.kind());
  frame.run_id = text_of(wire_frame.run_id());
  frame.status = text_of(wire_frame.status());
  frame.run_status = wire::from_wire(wire_frame.run_status());
  frame.sequence = wire_frame.sequence();
  frame.timestamp_unix_ms = wire_frame.timestamp_unix_ms();
  frame.payload_json = text_of(wire_frame.payload_json());
  if (const auto* snapshot = wire_frame.snapshot()) {
    frame.snapshot = snapshot_of(*snapshot);
  }
  if (const auto* event = wire_frame.event()) {
    frame.event = event_of(*event);
  }
  if (const auto* trace = wire_frame.trace()) {
    frame.trace =
        TraceBody{text_of(trace->event()), text_of(trace->step_id()), text_of(trace->detail())};
  }
  if (const auto* output = wire_frame.output()) {
    frame.output = output_of(*output);
  }
  return frame;
}

}  // namespace lf::stream
