#pragma once

// The FlatBuffers schema of runtime frames, as text: the very file the C++
// code is generated from (libs/stream/schema/runtime_frame.fbs), so that a
// client can generate its own decoder (`flatc --ts`). Thread-safety: constant.

#include <string_view>

namespace lf::stream {

/// The schema text; it ends with a newline.
std::string_view schema_text() noexcept;

}  // namespace lf::stream
