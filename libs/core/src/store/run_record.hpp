#pragma once

// Reading run records back from their stored JSON (the inverse of run_json.hpp).
// Thread-safety: pure functions.

#include <string_view>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::core {

/// Parses manifest.json text. Returns corruption "<context>: <what is wrong>"
/// when the text is not JSON or a field is missing or of the wrong type.
Result<RunManifest> parse_manifest(std::string_view text, std::string_view context);

/// The same from parsed JSON.
Result<RunManifest> manifest_from_json(const boost::json::value& json, std::string_view context);

/// One step record (an element of the manifest's "steps"). Errors: corruption.
Result<RunStepRecord> step_from_json(const boost::json::value& json, std::string_view context);

/// Parses any JSON document; corruption "<context>: <parser message>" if it is not.
Result<boost::json::value> parse_json_document(std::string_view text, std::string_view context);

}  // namespace lf::core
