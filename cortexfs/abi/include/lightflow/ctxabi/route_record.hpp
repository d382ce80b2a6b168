#pragma once

// The <id>.route.json record: which provider and model CortexFS routed a request
// to, and why. One compact JSON object per file, keys in this order, plus "\n":
// {"request_id","format","provider","model","reason","fingerprint"}.
// Thread-safety: plain values.

#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::ctxabi {

struct RouteRecord {
  std::string request_id;
  std::string format;
  std::string provider;
  std::string model;
  std::string reason;
  std::string fingerprint;
};

/// The file content: one compact JSON line ending in "\n".
std::string to_json_line(const RouteRecord& record);

/// Parses a route file. Missing or non-string fields read as "".
/// Returns corruption when the text is not a JSON object.
Result<RouteRecord> parse_route_record(std::string_view text);

}  // namespace lf::ctxabi
