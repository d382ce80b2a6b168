#pragma once

// The id rules of the CortexFS ABI. Every id that becomes a path segment under
// /ctx is checked here, by the client and by the daemon alike.
// Thread-safety: pure functions.

#include <cstddef>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::ctxabi {

/// What an id names; used in error messages ("invalid step_id path segment: x").
enum class IdKind {
  step_id,
  tool_id,
  thread_id,
  request_id,
  run_id,
  channel_id,
  job_id,
  hook_id,
  model_id,
};

std::string_view to_string(IdKind kind) noexcept;

/// Longest step, tool, thread or run id, in bytes.
inline constexpr std::size_t kMaxSegmentBytes = 128;

/// Longest request id: leaves room for the longest suffix within NAME_MAX (255).
inline constexpr std::size_t kMaxRequestIdBytes = 240;

/// Longest channel, job or hook id, in bytes.
inline constexpr std::size_t kMaxVirtualIdBytes = 64;

/// Longest model id, in bytes.
inline constexpr std::size_t kMaxModelIdBytes = 256;

/// Checks an id that becomes one path segment (step, tool, thread, request, run):
/// non-empty, not "." or "..", no '/', no NUL or other control character, at most
/// kMaxSegmentBytes (kMaxRequestIdBytes for request ids), and not ending in a
/// suffix CortexFS reserves (.req.json, .resp.json, .error, .fingerprint,
/// .route.json, .wait, .tmp). Returns invalid_argument
/// "invalid <kind> path segment: <value>" with the rule that failed.
Result<void> validate_segment(IdKind kind, std::string_view value);

/// Checks a channel, job or hook id: 1 to 64 bytes of ASCII letters, digits,
/// '.' and '-', and neither "." nor "..".
Result<void> validate_virtual_id(IdKind kind, std::string_view value);

/// Checks a model id as real servers spell them ("Qwen2.5-7B-Instruct",
/// "org/model", "llama3.1:8b"): 1 to 256 bytes, no control characters.
Result<void> validate_model_id(std::string_view value);

/// The CortexFS request id of one step of one run: "<run_id>.<step_id>". Two
/// runs of one workflow never share a request file. Fails when either part is
/// not a valid segment or the result is longer than kMaxRequestIdBytes.
Result<std::string> make_request_id(std::string_view run_id, std::string_view step_id);

}  // namespace lf::ctxabi
