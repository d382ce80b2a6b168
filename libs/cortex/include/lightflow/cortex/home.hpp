#pragma once

// Which CortexFS tree this process talks to: the mount point and the uid whose
// home/<uid> it uses. Thread-safety: reads the environment; call at start-up.

#include <lightflow/base/result.hpp>
#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

/// The layout from the environment: LIGHTFLOW_CTX_MOUNT (when set, even empty)
/// replaces /ctx; LIGHTFLOW_CTX_UID (when set) replaces the real uid, whether or
/// not the mount is overridden.
/// Returns invalid_argument "invalid LIGHTFLOW_CTX_UID: <value> (expected a
/// decimal uid)" for a value that is not a number in [0, 4294967294].
Result<ctxabi::Layout> layout_from_environment();

/// Parses a uid the way layout_from_environment() does.
Result<std::uint32_t> parse_uid(std::string_view text);

}  // namespace lf::cortex
