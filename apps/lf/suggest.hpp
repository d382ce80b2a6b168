#pragma once

// "Did you mean ...?" for mistyped commands and flags, by edit distance.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lf::cli {

/// The candidate closest to `typed`, if it is close enough to be a typo
/// (at most a third of its length, and at least one edit, away).
std::optional<std::string> closest_match(std::string_view typed,
                                         const std::vector<std::string>& candidates);

}  // namespace lf::cli
