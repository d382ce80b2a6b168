// Read-only views of the configured backends: provider/<id>/, model/<p>.<m>/
// and home/<uid>/model/<p>.<m>/ (spec §5.6, §8.1 item 5). The set of
// directories follows the providers (channels come and go), so sync_views()
// re-syncs it after every change; the files read the current provider.

#include <set>

#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

std::string model_name(const ProviderInfo& p) {
  return p.id + "." + (p.default_model.empty() ? std::string("*") : p.default_model);
}

std::string status_of(const ProviderInfo& p) {
  return p.enabled ? "ready\n" : "disabled\n";
}

}  // namespace

std::optional<ProviderInfo> CtxFs::provider_by_id(std::string_view id) const {
  for (auto& p : providers()) {
    if (p.id == id) {
      return p;
    }
  }
  return std::nullopt;
}

void CtxFs::sync_dirs(Ino parent,
                      const std::set<std::string>& wanted,
                      const std::function<void(Ino, const std::string&)>& build) {
  std::vector<std::string> stale;
  for (const auto& [name, ino] : inodes_.find(parent)->children) {
    if (inodes_.find(ino)->kind == NodeKind::dir && wanted.count(name) == 0) {
      stale.push_back(name);
    }
  }
  for (const auto& name : stale) {
    Node* dir = inodes_.child(parent, name);
    std::vector<std::string> files;
    for (const auto& [file, ino] : dir->children) {
      files.push_back(file);
    }
    for (const auto& file : files) {
      inodes_.unlink(dir->ino, file);
    }
    inodes_.unlink(parent, name);
  }
  for (const auto& name : wanted) {
    if (inodes_.child(parent, name) == nullptr) {
      Node& dir = inodes_.ensure_dir(parent, name);
      dir.cacheable = false;
      build(dir.ino, name);
    }
  }
}

void CtxFs::sync_views() {
  std::set<std::string> ids;
  std::set<std::string> models;
  for (const auto& p : providers()) {
    ids.insert(p.id);
    models.insert(model_name(p));
  }
  auto field = [this](const std::string& id, auto get) {
    return [this, id, get] {
      const auto p = provider_by_id(id);
      return p ? get(*p) : std::string("\n");
    };
  };
  sync_dirs(
      inodes_.child(kRootIno, "provider")->ino, ids, [this, field](Ino dir, const std::string& id) {
        inodes_.add_dynamic(
            dir, "name", field(id, [](const ProviderInfo& p) { return p.id + "\n"; }));
        inodes_.add_dynamic(dir, "family", field(id, [](const ProviderInfo& p) {
                              return p.family == ProviderFamily::offline
                                         ? std::string("offline\n")
                                         : std::string("openai-compatible\n");
                            }));
        inodes_.add_dynamic(
            dir, "format", field(id, [](const ProviderInfo& p) { return join_lines(p.formats); }));
        inodes_.add_dynamic(
            dir, "url", field(id, [](const ProviderInfo& p) { return p.url + "\n"; }));
        inodes_.add_dynamic(
            dir, "auth", field(id, [](const ProviderInfo& p) { return p.keyref + "\n"; }));
        inodes_.add_dynamic(
            dir, "source", field(id, [](const ProviderInfo& p) { return p.source + "\n"; }));
        inodes_.add_dynamic(
            dir, "model", field(id, [](const ProviderInfo& p) { return p.default_model + "\n"; }));
        inodes_.add_dynamic(dir, "status", field(id, status_of));
      });
  auto build_model = [this, field](
                         Ino dir, const std::string& name, std::optional<std::uint32_t> uid) {
    const std::string id = name.substr(0, name.find('.'));
    inodes_.add_dynamic(
        dir, "provider", field(id, [](const ProviderInfo& p) { return p.id + "\n"; }));
    inodes_.add_dynamic(dir, "model", field(id, [](const ProviderInfo& p) {
                          return (p.default_model.empty() ? std::string("*") : p.default_model)
                                 + "\n";
                        }));
    inodes_.add_dynamic(
        dir, "format", field(id, [](const ProviderInfo& p) { return join_lines(p.formats); }));
    inodes_.add_text(dir, "context_window", "unknown\n");
    inodes_.add_text(dir, "max_output_tokens", "unknown\n");
    inodes_.add_text(dir, "cap", "chat\n");
    inodes_.add_dynamic(dir, "status", field(id, status_of));
    if (uid) {
      inodes_.add_dynamic(dir, "allowed", [this, id, u = *uid] {
        return provider_allowed(policy_for(u), id) ? std::string("1\n") : std::string("0\n");
      });
      inodes_.add_dynamic(dir, "reason", [this, id, u = *uid] {
        const auto p = provider_by_id(id);
        if (!p) {
          return std::string("unsupported_format\n");
        }
        if (!provider_allowed(policy_for(u), id)) {
          return std::string("policy_denied\n");
        }
        return std::string(p->enabled ? "ready\n" : "provider_disabled\n");
      });
    }
  };
  sync_dirs(
      inodes_.child(kRootIno, "model")->ino,
      models,
      [build_model](Ino dir, const std::string& name) { build_model(dir, name, std::nullopt); });
  for (const auto& [uid, home] : homes_) {
    const std::uint32_t owner = uid;
    sync_dirs(
        inodes_.child(home, "model")->ino,
        models,
        [build_model, owner](Ino dir, const std::string& name) { build_model(dir, name, owner); });
  }
}

}  // namespace lf::ctxfs
