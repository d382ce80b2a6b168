#pragma once

// Routing: which provider and model answer a format for one user, and why.
// Providers come from ready channels, the CORTEXFS_OPENAI_* environment and the
// built-in offline provider `local`, in that order of preference.
// Thread-safety: pure functions over values.

#include <optional>
#include <string>
#include <vector>

#include "providers/channel_store.hpp"
#include "providers/provider.hpp"

namespace lf::ctxfs {

/// A user's routing policy (home/<uid>/route/default_provider and
/// policy/allowed_providers).
struct UserPolicy {
  std::string default_provider;                ///< empty: automatic
  std::vector<std::string> allowed_providers;  ///< empty: all configured
};

/// The route of one format: provider, model and reason, as route.json holds them.
struct RouteDecision {
  std::string provider;
  std::string model;
  std::string
      reason;  ///< ready, policy_denied, provider_disabled, missing_secret, unsupported_format
  std::optional<ProviderInfo> info;

  /// True when a commit may be accepted: ready, or unsupported_format (which
  /// is accepted and answered with an .error, spec §8.3).
  bool accepts_commit() const { return reason == "ready" || reason == "unsupported_format"; }
};

/// The CORTEXFS_OPENAI_* environment provider, read from the process
/// environment; std::nullopt when CORTEXFS_OPENAI_BASE_URL is unset or empty.
std::optional<ProviderInfo> env_provider_from_environment();

/// The offline provider `local` (openai.chat and openai.responses).
ProviderInfo offline_provider_info();

/// Every configured provider, preferred first: channels by id, then the
/// environment provider, then `local` (always present).
std::vector<ProviderInfo> configured_providers(const ChannelStore& channels,
                                               const std::optional<ProviderInfo>& env);

/// Routes `format` for a user. The user's default provider wins when it
/// supports the format; else the first ready, allowed provider that does;
/// else `local` with reason unsupported_format.
RouteDecision route_for(std::string_view format,
                        const std::vector<ProviderInfo>& providers,
                        const UserPolicy& policy);

/// True when `policy` allows provider `id`.
bool provider_allowed(const UserPolicy& policy, std::string_view id);

}  // namespace lf::ctxfs
