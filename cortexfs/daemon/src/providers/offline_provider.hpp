#pragma once

// The built-in offline provider `local`: a test and demo backend that answers
// openai.chat and openai.responses deterministically from the request itself,
// without any model. Every answer says it comes from the offline provider.
// Thread-safety: pure functions.

#include <string_view>

#include "providers/provider.hpp"

namespace lf::ctxfs {

/// The offline answer to `body` in `format`: a chat.completion or a response
/// object whose text summarises the last user message, model "offline",
/// provider "local", with word-count usage. Returns invalid_argument
/// "invalid request: ..." for a body that is not a JSON object, and
/// "unsupported provider format: <fmt>" for the other two formats.
Result<ProviderAnswer> offline_answer(std::string_view format,
                                      std::string_view request_id,
                                      std::string_view body);

}  // namespace lf::ctxfs
