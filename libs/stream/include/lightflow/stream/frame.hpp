#pragma once

// A LightFlow runtime frame, decoded: what one FlatBuffers RuntimeFrame
// (libs/stream/schema/runtime_frame.fbs, docs/stream.md) carries, as plain C++
// values. Frames travel size-prefixed: a little-endian u32 with the length of
// the FlatBuffer that follows, whose bytes 4..7 are the identifier "LFRS".
// Thread-safety: plain values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::stream {

/// The FlatBuffers file identifier of every frame.
inline constexpr std::string_view kFileIdentifier = "LFRS";

/// The layout this library writes (RuntimeFrame.version). Version 1 was
/// LightFlow 0.1's frame: the same first seven fields, a JSON payload only.
inline constexpr std::uint16_t kFrameVersion = 2;

/// The media type of one frame over HTTP.
inline constexpr std::string_view kFrameMediaType =
    "application/vnd.lightflow.runtime-frame+flatbuffers";

/// What a frame holds. Persisted on the wire by number (schema's FrameKind).
enum class FrameKind {
  unknown,       ///< a kind this version does not know
  run_snapshot,  ///< `snapshot`: the whole run
  run_event,     ///< `event`: one event; `sequence` is its seq
  run_trace,     ///< `trace`: one trace line
  step_output,   ///< `output`: what one step produced
};

std::string_view to_string(FrameKind kind) noexcept;

/// One step as a snapshot shows it. Times are Unix milliseconds, 0 while
/// unknown.
struct StepRecord {
  std::string step_id;
  std::string node_id;
  std::optional<core::StepStatus> status;  ///< std::nullopt for a value this version lacks
  std::uint32_t attempt = 1;
  std::string provider;
  std::string model;
  std::string fingerprint;
  std::uint64_t submitted_at_unix_ms = 0;
  std::uint64_t finished_at_unix_ms = 0;
  bool cached = false;
  std::vector<std::string> depends_on;
};

struct SnapshotBody {
  std::string workflow_asset_id;
  std::uint64_t created_at_unix_ms = 0;
  std::uint64_t updated_at_unix_ms = 0;
  std::uint32_t total_steps = 0;
  std::uint32_t planned_steps = 0;
  std::uint32_t submitted_steps = 0;
  std::uint32_t cancelled_steps = 0;
  std::uint32_t succeeded_steps = 0;
  std::uint32_t failed_steps = 0;
  bool finished = false;  ///< no event follows the snapshot's sequence
  std::vector<StepRecord> steps;
};

struct EventBody {
  std::optional<core::EventKind> kind;  ///< std::nullopt for a kind this version lacks
  std::string step_id;
  std::string detail;
  std::uint32_t attempt = 0;
  std::string provider;
  std::string model;
  std::uint32_t done_steps = 0;
  std::uint32_t total_steps = 0;
};

struct TraceBody {
  std::string event;
  std::string step_id;
  std::string detail;
};

struct OutputBody {
  std::string step_id;
  std::uint32_t attempt = 1;
  std::optional<core::StepStatus> status;
  std::string text;
  std::string body;
};

/// One frame. Exactly the body its kind names is set.
struct Frame {
  std::uint16_t version = 1;
  FrameKind kind = FrameKind::unknown;
  std::string run_id;
  std::string status;  ///< the run's status by name, "" when not given
  std::optional<core::RunStatus> run_status;
  std::uint64_t sequence = 0;
  std::uint64_t timestamp_unix_ms = 0;
  std::string payload_json;
  std::optional<SnapshotBody> snapshot;
  std::optional<EventBody> event;
  std::optional<TraceBody> trace;
  std::optional<OutputBody> output;
};

}  // namespace lf::stream
