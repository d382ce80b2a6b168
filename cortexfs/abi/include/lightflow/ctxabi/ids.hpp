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

/// Longest run incarnation (see make_request_id), in bytes.
inline constexpr std::size_t kMaxIncarnationBytes = 16;

/// Checks an id that becomes one path segment (step, tool, thread, request, run):
/// non-empty, not "." or "..", no '/', no NUL or other control character, valid
/// UTF-8, at most kMaxSegmentBytes (kMaxRequestIdBytes for request ids), and not ending in a
/// suffix CortexFS reserves (.req.json, .resp.json, .error, .fingerprint,
/// .route.json, .wait, .tmp). Returns invalid_argument
/// "invalid <kind> path segment: <value>" with the rule that failed.
Result<void> validate_segment(IdKind kind, std::string_view value);

/// Checks a channel, job or hook id: 1 to 64 bytes of ASCII letters, digits,
/// '.' and '-', and neither "." nor "..".
Result<void> validate_virtual_id(IdKind kind, std::string_view value);

/// Checks a model id as real servers spell them ("Qwen2.5-7B-Instruct",
/// "org/model", "llama3.1:8b"): 1 to 256 bytes of valid UTF-8, no control characters.
Result<void> validate_model_id(std::string_view value);

/// Checks a run incarnation: 1 to kMaxIncarnationBytes ASCII letters and digits.
Result<void> validate_incarnation(std::string_view incarnation);

/// The CortexFS request id of one step of one incarnation of a run:
/// "<run_id>.<incarnation>.<step_id>". Two runs of one workflow never share a
/// request file, and neither do a deleted run and a new run of the same id
/// (each creation draws a new incarnation). An empty incarnation gives the
/// form runs recorded before incarnations used, "<run_id>.<step_id>". Fails
/// when a part is invalid or the result is longer than kMaxRequestIdBytes.
Result<std::string> make_request_id(std::string_view run_id,
                                    std::string_view incarnation,
                                    std::string_view step_id);

/// make_request_id without an incarnation: "<run_id>.<step_id>".
Result<std::string> make_request_id(std::string_view run_id, std::string_view step_id);

}  // namespace lf::ctxabi
