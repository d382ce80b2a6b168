#include <string>

#include <lightflow/ctxabi/api_format.hpp>

namespace lf::ctxabi {

std::string_view to_string(ApiFormat format) noexcept {
  switch (format) {
    case ApiFormat::openai_chat:
      return "openai.chat";
    case ApiFormat::openai_responses:
      return "openai.responses";
    case ApiFormat::anthropic_messages:
      return "anthropic.messages";
    case ApiFormat::google_generate_content:
      return "google.generate_content";
  }
  return "openai.chat";
}

Result<ApiFormat> parse_api_format(std::string_view text) {
  for (ApiFormat format : kApiFormats) {
    if (to_string(format) == text) {
      return format;
    }
  }
  return fail(Code::invalid_argument,
              "invalid api_format UnsupportedValue: " + std::string(text) +
                  " (expected openai.chat, openai.responses, anthropic.messages or "
                  "google.generate_content)");
}

}  // namespace lf::ctxabi
