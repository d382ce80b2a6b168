// mkdir: only the declared virtual-directory parents accept it (chan/, and
// job/ and hook/ of a home); anywhere else is EROFS (spec §5.1).

#include <cerrno>

#include "fs/ctx_fs.hpp"
#include "text_util.hpp"

namespace lf::ctxfs {

void CtxFs::build_jobs_and_hooks(Ino home, std::uint32_t uid) {
  for (const std::string_view kind : {"job", "hook"}) {
    Node& dir = inodes_.ensure_dir(home, kind, 0755, Role::virtual_parent);
    dir.cacheable = false;
    const Ino ino = dir.ino;
    inodes_.add_dynamic(ino, "count", [this, ino] {
      const Node* d = inodes_.find(ino);
      std::size_t count = 0;
      for (const auto& [name, child] : d->children) {
        count += inodes_.find(child)->kind == NodeKind::dir ? 1U : 0U;
      }
      return std::to_string(count) + "\n";
    });
    inodes_.add_dynamic(ino, "list", [this, ino] {
      std::vector<std::string> ids;
      for (const auto& [name, child] : inodes_.find(ino)->children) {
        if (inodes_.find(child)->kind == NodeKind::dir) {
          ids.push_back(name);
        }
      }
      return join_lines(ids);
    });
    if (kind == "hook" && uid == config_.uid) {
      load_hooks(ino, uid);
    }
  }
}

int CtxFs::mkdir(Ino parent, std::string_view name, const Caller& caller, Entry& out) {
  std::lock_guard lock(mutex_);
  Node* dir = inodes_.find(parent);
  if (dir == nullptr) {
    return ENOENT;
  }
  if (dir->role != Role::virtual_parent) {
    return EROFS;
  }
  if (!may_enter(parent, caller)) {
    return EACCES;  // another user's job/ or hook/
  }
  if (inodes_.child(parent, name) != nullptr) {
    return EEXIST;
  }
  if (parent != chan_root_) {
    std::uint32_t uid = config_.uid;
    for (const auto& [home_uid, home_ino] : homes_) {
      if (home_ino == dir->parent) {
        uid = home_uid;
      }
    }
    if (const int err = make_job_or_hook(*dir, uid, name); err != 0) {
      return err;
    }
    Node* made = inodes_.child(parent, name);
    inodes_.remember(made->ino);
    out.ino = made->ino;
    fill_attr(*made, out.attr);
    return 0;
  }
  auto created = channels_.create(name);
  if (!created) {
    return created.error().code == Code::invalid_argument ? EINVAL : EIO;
  }
  const std::string id(name);
  build_channel_dir(id);
  sync_views();
  AuditEvent event;
  event.event = "created";
  event.format = "chan";
  event.name = id;
  event.caller = caller;
  event.space = space_of(caller.uid);
  audit(std::move(event));
  Node* node = inodes_.child(parent, name);
  inodes_.remember(node->ino);
  out.ino = node->ino;
  fill_attr(*node, out.attr);
  return 0;
}

}  // namespace lf::ctxfs
