#pragma once

// The four API formats a CortexFS home exposes under api/<format>/, with their
// stable names. Thread-safety: pure functions.

#include <array>
#include <string_view>

#include <lightflow/base/result.hpp>

namespace lf::ctxabi {

/// Persisted by name ("openai.chat", ...): never rename a value's string.
enum class ApiFormat {
  openai_chat,
  openai_responses,
  anthropic_messages,
  google_generate_content,
};

/// Every format, in the order CortexFS lists them.
inline constexpr std::array<ApiFormat, 4> kApiFormats = {
    ApiFormat::openai_chat,
    ApiFormat::openai_responses,
    ApiFormat::anthropic_messages,
    ApiFormat::google_generate_content,
};

/// The stable name, for example "openai.chat".
std::string_view to_string(ApiFormat format) noexcept;

/// Parses a stable name, case-sensitively.
/// Returns invalid_argument "invalid api_format UnsupportedValue: <text>"
/// (the reference's wording) for anything else.
Result<ApiFormat> parse_api_format(std::string_view text);

}  // namespace lf::ctxabi
