#pragma once

// JSON as LightFlow prints it: pretty output for people and files (2-space
// indent, ": " separator), compact output for JSONL lines and wire bodies.
// Thread-safety: pure functions.

#include <string>

#include <boost/json/value.hpp>

namespace lf::core {

/// Pretty text with a 2-space indent and no trailing newline. Empty arrays and
/// objects print as [] and {}.
std::string to_pretty_json(const boost::json::value& value);

/// Compact text, no spaces, no trailing newline.
std::string to_compact_json(const boost::json::value& value);

}  // namespace lf::core
