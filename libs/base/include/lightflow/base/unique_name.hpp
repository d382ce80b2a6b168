#pragma once

// Names no other writer picks: for temp files, staging directories and the
// random part of generated run ids. Thread-safety: safe to call concurrently.

#include <cstdint>
#include <string>

namespace lf::base {

/// 64 random bits, different in every call and every process (seeded from the
/// OS once per process, then mixed with a counter).
std::uint64_t unique_bits();

/// "<pid>-<16 hex digits>", unique across threads and processes.
std::string unique_token();

}  // namespace lf::base
