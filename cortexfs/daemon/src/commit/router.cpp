#include "commit/router.hpp"

#include <algorithm>
#include <cstdlib>

#include "providers/http_provider.hpp"

namespace lf::ctxfs {
namespace {

std::string env_or(const char* name, std::string_view fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

ProviderInfo channel_provider(const Channel& channel) {
  ProviderInfo info;
  info.id = channel.id;
  info.family = ProviderFamily::openai_compatible;
  info.formats = channel.formats;
  info.url = channel.url;
  info.keyref = channel.keyref;
  info.api_key = resolve_key(channel.keyref, "");
  const auto newline = channel.model_filter.find('\n');
  info.default_model = channel.model_filter.substr(0, newline);
  info.source = "chan";
  info.enabled = channel.status() == "ready";
  return info;
}

// Why `info` cannot serve this user, or "ready".
std::string access_reason(const ProviderInfo& info, const UserPolicy& policy) {
  if (!provider_allowed(policy, info.id)) {
    return "policy_denied";
  }
  if (!info.enabled) {
    return info.source == "chan" && info.keyref.empty() && !info.url.empty() ? "missing_secret"
                                                                             : "provider_disabled";
  }
  return "ready";
}

RouteDecision decide(const ProviderInfo& info, const UserPolicy& policy) {
  RouteDecision decision;
  decision.provider = info.id;
  decision.reason = access_reason(info, policy);
  if (decision.reason == "ready") {
    decision.model = info.default_model;
  }
  decision.info = info;
  return decision;
}

}  // namespace

std::optional<ProviderInfo> env_provider_from_environment() {
  const std::string url = env_or("CORTEXFS_OPENAI_BASE_URL", "");
  if (url.empty()) {
    return std::nullopt;
  }
  ProviderInfo info;
  info.id = std::string(kEnvProviderId);
  info.family = ProviderFamily::openai_compatible;
  info.formats = {"openai.chat", "openai.responses"};
  info.url = url;
  info.keyref = "env:CORTEXFS_OPENAI_API_KEY";
  info.api_key = env_or("CORTEXFS_OPENAI_API_KEY", env_or("FENGYING_API_KEY", ""));
  info.default_model = env_or("CORTEXFS_OPENAI_MODEL", "gpt-4o-mini");
  info.source = "env";
  return info;
}

ProviderInfo offline_provider_info() {
  ProviderInfo info;
  info.id = std::string(kOfflineProviderId);
  info.family = ProviderFamily::offline;
  info.formats = {"openai.chat", "openai.responses"};
  info.default_model = std::string(kOfflineModel);
  info.source = "builtin";
  return info;
}

std::vector<ProviderInfo> configured_providers(const ChannelStore& channels,
                                               const std::optional<ProviderInfo>& env) {
  std::vector<ProviderInfo> providers;
  for (const auto& [id, channel] : channels.all()) {
    providers.push_back(channel_provider(channel));
  }
  if (env) {
    providers.push_back(*env);
  }
  providers.push_back(offline_provider_info());
  return providers;
}

bool provider_allowed(const UserPolicy& policy, std::string_view id) {
  const auto& allowed = policy.allowed_providers;
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), id) != allowed.end();
}

RouteDecision route_for(std::string_view format,
                        const std::vector<ProviderInfo>& providers,
                        const UserPolicy& policy) {
  if (!policy.default_provider.empty()) {
    for (const auto& info : providers) {
      if (info.id == policy.default_provider && info.supports(format)) {
        return decide(info, policy);
      }
    }
  }
  for (const auto& info : providers) {
    if (info.supports(format) && access_reason(info, policy) == "ready") {
      return decide(info, policy);
    }
  }
  // Nothing usable: the first provider for the format explains why, and a
  // format nobody answers goes to `local`, which answers it with an .error.
  for (const auto& info : providers) {
    if (info.supports(format)) {
      return decide(info, policy);
    }
  }
  RouteDecision decision = decide(offline_provider_info(), policy);
  if (decision.reason == "ready") {
    decision.reason = "unsupported_format";
  }
  return decision;
}

}  // namespace lf::ctxfs
