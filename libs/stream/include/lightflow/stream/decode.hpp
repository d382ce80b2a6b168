#pragma once

// Reading runtime frames: every frame is checked with the FlatBuffers
// verifier before anything in it is read (docs/stream.md).
// Thread-safety: pure functions.

#include <string_view>

#include <lightflow/base/result.hpp>
#include <lightflow/stream/frame.hpp>

namespace lf::stream {

/// Checks that `bytes` is exactly one size-prefixed runtime frame: the
/// prefix matches the length, the identifier is "LFRS" and the FlatBuffers
/// verifier accepts every offset, string and vector in it. Errors:
/// invalid_argument when `bytes` is too short or names another identifier
/// (not a runtime frame); corruption when the prefix disagrees with the
/// length (a truncated or concatenated frame) or the verifier rejects it.
Result<void> verify_frame(std::string_view bytes);

/// verify_frame(), then the frame's values. Errors: those of verify_frame.
Result<Frame> decode_frame(std::string_view bytes);

}  // namespace lf::stream
