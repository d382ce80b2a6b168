#pragma once

// The request fingerprint CortexFS writes at commit time into <id>.fingerprint:
// FNV-1a 64 over `format` 0x00 `request_id` 0x00 `body`, the body's bytes exactly
// as staged. Thread-safety: pure functions.

#include <cstdint>
#include <string>
#include <string_view>

namespace lf::ctxabi {

/// FNV-1a 64-bit hash of the fingerprint input.
std::uint64_t fingerprint_hash(std::string_view format,
                               std::string_view request_id,
                               std::string_view body) noexcept;

/// "fnv1a64:" followed by 16 lowercase hex digits (no newline).
std::string fingerprint(std::string_view format,
                        std::string_view request_id,
                        std::string_view body);

/// Formats a hash the same way.
std::string fingerprint_text(std::uint64_t hash);

}  // namespace lf::ctxabi
