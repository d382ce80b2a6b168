#pragma once

// The mapping between lf::core's enums and the schema's (runtime_frame.fbs).
// The schema's run and step statuses are the core's shifted by one (0 means
// "not given"); its event kinds are the core's value for value
// (wire_enums_test checks both). Thread-safety: pure functions.

#include <optional>

#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_types.hpp>
#include <lightflow/stream/frame.hpp>

#include "runtime_frame_generated.h"

namespace lf::stream::wire {

namespace fb = lightflow::runtime;

inline fb::RunStatus to_wire(core::RunStatus status) noexcept {
  return static_cast<fb::RunStatus>(static_cast<unsigned>(status) + 1U);
}

inline fb::StepStatus to_wire(core::StepStatus status) noexcept {
  return static_cast<fb::StepStatus>(static_cast<unsigned>(status) + 1U);
}

inline fb::EventKind to_wire(core::EventKind kind) noexcept {
  return static_cast<fb::EventKind>(static_cast<unsigned>(kind));
}

fb::FrameKind to_wire(FrameKind kind) noexcept;

/// std::nullopt for 0 (not given) and for values this version lacks.
std::optional<core::RunStatus> from_wire(fb::RunStatus status) noexcept;
std::optional<core::StepStatus> from_wire(fb::StepStatus status) noexcept;
std::optional<core::EventKind> from_wire(fb::EventKind kind) noexcept;
FrameKind from_wire(fb::FrameKind kind) noexcept;

}  // namespace lf::stream::wire
