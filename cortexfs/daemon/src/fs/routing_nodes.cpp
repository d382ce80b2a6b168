// Writers of home/<uid>/route/default_provider and policy/allowed_providers
// (spec §4.3). Both run with CtxFs::mutex_ held, from CtxFs::write.

#include <algorithm>
#include <cerrno>

#include <lightflow/ctxabi/ids.hpp>

#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {

int CtxFs::set_default_provider(std::uint32_t uid, std::string_view value) {
  const std::string id(trim(value));
  UserPolicy& policy = policy_for(uid);
  if (id.empty()) {
    policy.default_provider.clear();
    return 0;
  }
  const auto known = providers();
  if (std::none_of(known.begin(), known.end(), [&](const auto& p) { return p.id == id; })) {
    return EINVAL;
  }
  if (!provider_allowed(policy, id)) {
    return EACCES;
  }
  policy.default_provider = id;
  return 0;
}

int CtxFs::set_allowed_providers(std::uint32_t uid, std::string_view value) {
  std::vector<std::string> allowed;
  for (auto& id : split_lines(value, "\n,")) {
    if (!ctxabi::validate_virtual_id(ctxabi::IdKind::channel_id, id)) {
      return EINVAL;
    }
    if (std::find(allowed.begin(), allowed.end(), id) == allowed.end()) {
      allowed.push_back(std::move(id));
    }
  }
  UserPolicy& policy = policy_for(uid);
  if (!policy.default_provider.empty() && !allowed.empty()
      && std::find(allowed.begin(), allowed.end(), policy.default_provider) == allowed.end()) {
    return EINVAL;  // would strand the chosen default provider
  }
  policy.allowed_providers = std::move(allowed);
  return 0;
}

}  // namespace lf::ctxfs
