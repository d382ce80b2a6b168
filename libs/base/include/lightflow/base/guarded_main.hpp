#pragma once

// What every LightFlow executable's main() does with an exception nothing else
// caught: one line on stderr and exit code 70 (EX_SOFTWARE), instead of
// std::terminate's abort and core dump.

#include <functional>
#include <string_view>

namespace lf {

/// The exit code of an exception that escaped an executable's work.
inline constexpr int kInternalErrorExitCode = 70;

/// Runs `body` and returns its exit code; an exception that escapes it is
/// printed as "<program>: internal error: <what>" and gives
/// kInternalErrorExitCode.
int guarded_main(std::string_view program, const std::function<int()>& body);

}  // namespace lf
