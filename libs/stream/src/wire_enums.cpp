#include "wire_enums.hpp"

namespace lf::stream {

std::string_view to_string(FrameKind kind) noexcept {
  switch (kind) {
    case FrameKind::run_snapshot:
      return "run_snapshot";
    case FrameKind::run_event:
      return "run_event";
    case FrameKind::run_trace:
      return "run_trace";
    case FrameKind::step_output:
      return "step_output";
    case FrameKind::unknown:
      break;
  }
  return "unknown";
}

namespace wire {

fb::FrameKind to_wire(FrameKind kind) noexcept {
  switch (kind) {
    case FrameKind::run_snapshot:
      return fb::FrameKind::RunSnapshot;
    case FrameKind::run_event:
      return fb::FrameKind::RunEvent;
    case FrameKind::run_trace:
      return fb::FrameKind::RunTrace;
    case FrameKind::step_output:
      return fb::FrameKind::StepOutput;
    case FrameKind::unknown:
      break;
  }
  return fb::FrameKind::Unknown;
}

FrameKind from_wire(fb::FrameKind kind) noexcept {
  switch (kind) {
    case fb::FrameKind::RunSnapshot:
      return FrameKind::run_snapshot;
    case fb::FrameKind::RunEvent:
      return FrameKind::run_event;
    case fb::FrameKind::RunTrace:
      return FrameKind::run_trace;
    case fb::FrameKind::StepOutput:
      return FrameKind::step_output;
    default:
      return FrameKind::unknown;
  }
}

std::optional<core::RunStatus> from_wire(fb::RunStatus status) noexcept {
  const auto value = static_cast<unsigned>(status);
  if (value == 0 || value > static_cast<unsigned>(fb::RunStatus::MAX)) {
    return std::nullopt;
  }
  return static_cast<core::RunStatus>(value - 1U);
}

std::optional<core::StepStatus> from_wire(fb::StepStatus status) noexcept {
  const auto value = static_cast<unsigned>(status);
  if (value == 0 || value > static_cast<unsigned>(fb::StepStatus::MAX)) {
    return std::nullopt;
  }
  return static_cast<core::StepStatus>(value - 1U);
}

std::optional<core::EventKind> from_wire(fb::EventKind kind) noexcept {
  if (static_cast<unsigned>(kind) > static_cast<unsigned>(fb::EventKind::MAX)) {
    return std::nullopt;
  }
  return static_cast<core::EventKind>(static_cast<unsigned>(kind));
}

}  // namespace wire
}  // namespace lf::stream
