#pragma once

// The OpenAI-compatible HTTP provider: POST <base>[/v1]/chat/completions or
// /responses with the staged body (model inserted when absent) and an optional
// bearer key. Thread-safety: reentrant.

#include <string>
#include <string_view>

#include "providers/provider.hpp"

namespace lf::ctxfs {

/// The endpoint URL for `format` (spec §4.6): trims whitespace and trailing
/// '/', appends "/v1" unless present, then "/chat/completions" or "/responses".
/// Returns invalid_argument "unsupported provider format: <fmt>" for the others.
Result<std::string> endpoint_url(std::string_view base_url, std::string_view format);

/// The body sent upstream: `body` with "model": `model` added when the object
/// has no "model" (and `model` is not empty). Returns invalid_argument
/// "invalid request: ..." when `body` is not a JSON object.
Result<std::string> upstream_body(std::string_view body, std::string_view model);

/// The key for `keyref` ("env:VAR" reads VAR; empty uses `fallback`).
std::string resolve_key(std::string_view keyref, std::string_view fallback);

/// Performs the HTTP call. Errors: "provider transport failed: HTTP <status>:
/// <body>", "provider transport failed: <connect/timeout reason>",
/// "invalid provider response: ..." for a 2xx body that is not JSON.
Result<ProviderAnswer> http_answer(const ProviderCall& call);

}  // namespace lf::ctxfs
