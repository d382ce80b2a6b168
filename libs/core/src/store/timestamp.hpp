#pragma once

// Wall-clock times as runs record them. Thread-safety: pure functions.

#include <chrono>
#include <string>

namespace lf::core {

using SystemTime = std::chrono::system_clock::time_point;

/// RFC 3339 in UTC with milliseconds, e.g. "2026-11-25T07:48:28.123Z".
std::string to_rfc3339(SystemTime time);

/// to_rfc3339(now).
std::string now_rfc3339();

}  // namespace lf::core
