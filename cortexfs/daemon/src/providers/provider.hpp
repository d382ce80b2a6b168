#pragma once

// What a provider is to the daemon: a configured backend (the offline provider
// `local`, the environment's `openai-compatible`, or a ready channel), and the
// call the worker pool makes to it. Thread-safety: plain values; call_provider
// is reentrant.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <lightflow/base/result.hpp>

#include "commit/call_canceller.hpp"

namespace lf::ctxfs {

/// The built-in offline provider's id and model name.
inline constexpr std::string_view kOfflineProviderId = "local";
inline constexpr std::string_view kOfflineModel = "offline";
/// The provider id of the CORTEXFS_OPENAI_* environment contract.
inline constexpr std::string_view kEnvProviderId = "openai-compatible";

enum class ProviderFamily { offline, openai_compatible };

/// Connect and total timeouts of one HTTP provider call.
struct Timeouts {
  std::chrono::milliseconds connect{15000};
  std::chrono::milliseconds total{30000};
};

/// One backend as routing sees it.
struct ProviderInfo {
  std::string id;
  ProviderFamily family = ProviderFamily::offline;
  std::vector<std::string> formats;  ///< the formats it answers
  std::string url;                   ///< base URL (HTTP providers)
  std::string keyref;                ///< "env:VAR", or empty
  std::string api_key;               ///< resolved key (never shown in the tree)
  std::string default_model;         ///< empty: the request's own model decides
  std::string source;                ///< "builtin", "env" or "chan"
  bool enabled = true;

  bool supports(std::string_view format) const;
};

/// What a worker sends: the routed provider, the request and its model.
struct ProviderCall {
  ProviderInfo provider;
  std::string format;
  std::string request_id;
  std::string body;   ///< exactly as staged
  std::string model;  ///< routed model; inserted when the body names none
  Timeouts timeouts;
  CallCanceller* canceller = nullptr;  ///< stops the call at shutdown (may be null)
};

/// A successful answer: the body to publish verbatim, and the usage it reports.
struct ProviderAnswer {
  std::string body;
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
};

/// Runs one call. Blocks (network I/O for HTTP providers); never throws.
/// Errors carry the message that goes into <id>.error, for example
/// "provider transport failed: HTTP 500: ...".
Result<ProviderAnswer> call_provider(const ProviderCall& call);

}  // namespace lf::ctxfs
