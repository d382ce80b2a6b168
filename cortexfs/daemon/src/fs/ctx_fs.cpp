#include "fs/ctx_fs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include <lightflow/ctxabi/file_names.hpp>

#include "text_util.hpp"

namespace lf::ctxfs {
namespace {

std::optional<std::uint32_t> parse_uid(std::string_view name) {
  std::uint32_t uid = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), uid);
  if (ec != std::errc() || end != name.data() + name.size() || name.empty()) {
    return std::nullopt;
  }
  return uid;
}

}  // namespace

CtxFs::CtxFs(DaemonConfig config)
    : config_(std::move(config)),
      inodes_(config_.uid, config_.gid),
      channels_(config_.config_dir),
      env_provider_(env_provider_from_environment()),
      state_(config_.state_dir, config_.durability) {
  problems_ = channels_.load();
  build_tree();
  restore_requests();
}

std::vector<std::string> CtxFs::load_problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

void CtxFs::fill_attr(const Node& node, struct stat& out) const {
  out = {};
  out.st_ino = node.ino;
  out.st_uid = node.uid;
  out.st_gid = node.gid;
  if (node.kind == NodeKind::dir) {
    out.st_mode = S_IFDIR | node.mode;
    out.st_nlink = 2;
    out.st_size = 0;
  } else {
    out.st_mode = S_IFREG | node.mode;
    out.st_nlink = 1;
    // Computed files report their current length; they are opened direct_io,
    // so readers never rely on it. A view's length depends on its reader, so
    // a multi-user mount tells nobody the length of everyone's view.
    const bool sizeless = node.role == Role::wait || (node.view && config_.multi_user);
    out.st_size = static_cast<off_t>(sizeless    ? 0
                                     : node.size ? *node.size
                                                 : node_text(node).size());
  }
  out.st_blksize = 4096;
}

// Caching (kernel round trips are most of a request's cost): fixed names
// may be cached, and so may entries that only ever change through the kernel
// itself, which keeps its cache in step: a staged file (create, write,
// truncate, rename and unlink all pass through it; the commit's mode change is
// invalidated explicitly, see rename) and a .wait file (exists for good once
// committed, size 0, mode 0444).
bool CtxFs::entry_cacheable(const Node& node) {
  return node.cacheable || node.role == Role::staged || node.role == Role::wait;
}

bool CtxFs::attr_cacheable(const Node& node) {
  return (node.cacheable && node.kind == NodeKind::dir) || node.role == Role::staged
         || node.role == Role::wait;
}

std::string CtxFs::node_text(const Node& node) const {
  return node_text_for(node, std::nullopt);
}

std::string CtxFs::node_text_for(const Node& node, std::optional<std::uint32_t> viewer) const {
  if (node.view) {
    return node.view(viewer);
  }
  return node.reader ? node.reader() : node.content;
}

std::optional<std::uint32_t> CtxFs::viewer_of(const Caller& caller) const {
  if (!config_.multi_user || caller.uid == 0) {
    return std::nullopt;
  }
  return caller.uid;
}

std::optional<std::uint32_t> CtxFs::home_owner(Ino ino) {
  const Node* node = inodes_.find(ino);
  while (node != nullptr && node->ino != kRootIno) {
    if (node->parent == home_root_) {
      return node->uid;  // build_home gives a home its user's uid
    }
    node = inodes_.find(node->parent);
  }
  return std::nullopt;
}

bool CtxFs::may_enter(Ino ino, const Caller& caller) {
  if (!config_.multi_user || caller.uid == 0) {
    return true;
  }
  const auto owner = home_owner(ino);
  return !owner || *owner == caller.uid;
}

bool CtxFs::may_access(const Node& node, const Caller& caller, int mask) {
  if (caller.uid == 0) {
    // Root reads and searches anything; it executes only what has an x bit.
    return node.kind == NodeKind::dir || (mask & X_OK) == 0 || (node.mode & 0111) != 0;
  }
  // Supplementary groups need not be consulted: in this tree a node's group
  // bits are its other bits, or none at all (homes, tool requests).
  const mode_t bits = caller.uid == node.uid   ? (node.mode >> 6) & 07
                      : caller.gid == node.gid ? (node.mode >> 3) & 07
                                               : node.mode & 07;
  mode_t need = 0;
  need |= (mask & R_OK) != 0 ? 04 : 0;
  need |= (mask & W_OK) != 0 ? 02 : 0;
  need |= (mask & X_OK) != 0 ? 01 : 0;
  return (bits & need) == need;
}

std::uint32_t CtxFs::request_owner(const Scope& scope, const Caller& caller) const {
  // The tool inboxes are shared by all users; elsewhere an inbox's home decides.
  return scope.kind == ScopeKind::tool && config_.multi_user ? caller.uid : scope.uid;
}

void CtxFs::own_tool_file(Node& node, const RequestRecord& record) const {
  if (config_.multi_user && record.kind == ScopeKind::tool) {
    node.uid = record.caller.uid;
    node.gid = record.caller.gid;
    node.mode = 0400;
  }
}

std::string CtxFs::value_audit_format(const Node& node) {
  // The spec's pseudo-formats: chan, job.<file>, hook.<file>,
  // home.<uid>.route|policy, control.
  const Node* dir = inodes_.find(node.parent);
  const Node* grand = dir != nullptr ? inodes_.find(dir->parent) : nullptr;
  if (dir == nullptr || grand == nullptr) {
    return "control";
  }
  if (grand->ino == chan_root_) {
    return "chan";
  }
  if (grand->name == "job" || grand->name == "hook") {
    return grand->name + "." + node.name;
  }
  if (dir->name == "route" || dir->name == "policy") {
    return "home." + grand->name + "." + dir->name;
  }
  return dir->name;
}

std::string CtxFs::space_of(std::uint32_t uid) const {
  return "home/" + std::to_string(uid);
}

UserPolicy& CtxFs::policy_for(std::uint32_t uid) {
  return policies_[uid];
}

std::vector<ProviderInfo> CtxFs::providers() const {
  return configured_providers(channels_, env_provider_);
}

RouteDecision CtxFs::route(std::string_view format, std::uint32_t uid) {
  return route_for(format, providers(), policy_for(uid));
}

void CtxFs::audit(AuditEvent event) {
  audit_.append(event);
}

int CtxFs::lookup(Ino parent, std::string_view name, const Caller& caller, Entry& out) {
  std::lock_guard lock(mutex_);
  Node* dir = inodes_.find(parent);
  if (dir == nullptr) {
    return ENOENT;
  }
  if (dir->kind != NodeKind::dir) {
    return ENOTDIR;
  }
  if (!may_enter(parent, caller)) {
    return EACCES;
  }
  Node* node = inodes_.child(parent, name);
  if (node == nullptr && parent == home_root_ && config_.multi_user) {
    // Multi-user mode projects a home for each caller on first use.
    if (auto uid = parse_uid(name); uid && *uid == caller.uid) {
      build_home(*uid, caller.gid);
      sync_views();
      node = inodes_.child(parent, name);
    }
  }
  if (auto root = thread_roots_.find(parent);
      node == nullptr && root != thread_roots_.end()
      && (root->second == caller.uid || root->second == config_.uid)) {
    node = ensure_thread(parent, root->second, name);
  }
  const bool answers_here =
      dir->role == Role::outbox
      || (dir->role == Role::inbox && dir->scope && dir->scope->kind == ScopeKind::thread);
  if (node == nullptr && answers_here && ends_with(name, ctxabi::kWaitSuffix)) {
    const std::string id(name.substr(0, name.size() - ctxabi::kWaitSuffix.size()));
    const auto& scope = dir->scope;
    if (scope == nullptr) {
      return ENOENT;
    }
    const std::string key = request_key(request_owner(*scope, caller), id);
    auto it = requests_.find(key);
    if (it == requests_.end() || it->second.kind != scope->kind
        || it->second.format != scope->format || it->second.tool != scope->tool) {
      return ENOENT;
    }
    node = &inodes_.add_detached(parent, name, NodeKind::file, 0444, Role::wait);
    node->request_id = key;
    node->scope = scope;
  }
  if (node == nullptr) {
    return ENOENT;
  }
  inodes_.remember(node->ino);
  out.ino = node->ino;
  out.cache_entry = entry_cacheable(*node);
  out.cache_attr = attr_cacheable(*node);
  fill_attr(*node, out.attr);
  return 0;
}

void CtxFs::forget(Ino ino, std::uint64_t count) {
  std::lock_guard lock(mutex_);
  inodes_.forget(ino, count);
}

int CtxFs::getattr(Ino ino, struct stat& out, bool& cacheable) {
  std::lock_guard lock(mutex_);
  const Node* node = inodes_.find(ino);
  if (node == nullptr) {
    return ENOENT;
  }
  cacheable = attr_cacheable(*node);
  fill_attr(*node, out);
  return 0;
}

int CtxFs::readdir(Ino ino, std::vector<std::pair<std::string, struct stat>>& out) {
  return readdir(ino, out, Caller{config_.uid, config_.gid, 0});
}

int CtxFs::readdir(Ino ino,
                   std::vector<std::pair<std::string, struct stat>>& out,
                   const Caller& caller) {
  std::lock_guard lock(mutex_);
  const Node* dir = inodes_.find(ino);
  if (dir == nullptr) {
    return ENOENT;
  }
  if (dir->kind != NodeKind::dir) {
    return ENOTDIR;
  }
  if (!may_enter(ino, caller)) {
    return EACCES;
  }

  struct stat attr {};

  fill_attr(*dir, attr);
  out.emplace_back(".", attr);
  if (const Node* parent = inodes_.find(dir->parent)) {
    fill_attr(*parent, attr);
  }
  out.emplace_back("..", attr);
  for (const auto& [name, child_ino] : dir->children) {
    if (const Node* child = inodes_.find(child_ino)) {
      fill_attr(*child, attr);
      out.emplace_back(name, attr);
    }
  }
  return 0;
}

int CtxFs::unlink(Ino parent, std::string_view name, const Caller& caller) {
  std::lock_guard lock(mutex_);
  if (!may_enter(parent, caller)) {
    return EACCES;
  }
  Node* node = inodes_.child(parent, name);
  if (node == nullptr) {
    return ENOENT;
  }
  // Only a client's own staged files may be removed (to clean up a failed
  // commit); everything else is the daemon's.
  if (node->role != Role::staged) {
    return EROFS;
  }
  if (config_.multi_user && caller.uid != 0 && caller.uid != node->uid) {
    return EACCES;
  }
  inodes_.unlink(parent, name);
  return 0;
}

int CtxFs::context_label(Ino ino, std::string& out) {
  std::lock_guard lock(mutex_);
  const Node* node = inodes_.find(ino);
  if (node == nullptr) {
    return ENOENT;
  }
  out = "local:uid" + std::to_string(node->uid) + ":object_r:user_space_t:s0";
  return 0;
}

int CtxFs::truncate(Ino ino, std::uint64_t size, struct stat& out) {
  std::lock_guard lock(mutex_);
  Node* node = inodes_.find(ino);
  if (node == nullptr) {
    return ENOENT;
  }
  if (node->kind == NodeKind::dir) {
    return EISDIR;
  }
  if (node->role == Role::staged) {
    if (size > kMaxStagedBytes) {
      return EFBIG;
    }
    node->content.resize(size);
  } else if (node->role != Role::value || size != 0) {
    // Value nodes take whole values: truncation to zero just precedes the write.
    return EROFS;
  }
  fill_attr(*node, out);
  return 0;
}

int CtxFs::open(Ino ino, int flags, OpenFile& out) {
  return open(ino, flags, out, Caller{config_.uid, config_.gid, 0});
}

int CtxFs::open(Ino ino, int flags, OpenFile& out, const Caller& caller) {
  std::lock_guard lock(mutex_);
  Node* node = inodes_.find(ino);
  if (node == nullptr) {
    return ENOENT;
  }
  if (node->kind == NodeKind::dir) {
    return EISDIR;
  }
  if (!may_enter(ino, caller)) {
    return EACCES;
  }
  const int access = flags & O_ACCMODE;
  const bool writes = access != O_RDONLY;
  const bool reads = access != O_WRONLY;
  if (writes && node->role != Role::staged && node->role != Role::value) {
    return EROFS;
  }
  if (writes && node->role == Role::value && !node->writer) {
    return EROFS;
  }
  if (writes && node->role == Role::staged && config_.multi_user && caller.uid != 0
      && caller.uid != node->uid) {
    return EACCES;  // another user's staged file (in a shared tool inbox)
  }
  if (reads && (node->mode & 0444) == 0) {
    return EACCES;  // write-only control node
  }
  if ((flags & O_TRUNC) != 0 && writes && node->role == Role::staged) {
    // libfuse asks the kernel for atomic O_TRUNC: the truncation arrives
    // here, not as a separate setattr.
    node->content.clear();
  }
  out.ino = ino;
  out.role = node->role;
  out.request_id = node->request_id;
  out.snapshot = node->role != Role::staged && node->role != Role::wait;
  if (out.snapshot && reads) {
    out.content = node_text_for(*node, viewer_of(caller));
  }
  return 0;
}

int CtxFs::read(const OpenFile& file, std::size_t size, off_t offset, std::string& out) {
  const auto begin = static_cast<std::size_t>(offset);
  if (file.snapshot) {
    out = begin >= file.content.size() ? std::string() : file.content.substr(begin, size);
    return 0;
  }
  std::lock_guard lock(mutex_);
  const Node* node = inodes_.find(file.ino);
  if (node == nullptr) {
    return ENOENT;
  }
  out = begin >= node->content.size() ? std::string() : node->content.substr(begin, size);
  return 0;
}

long CtxFs::write(
    Ino ino, std::string_view data, off_t offset, const Caller& caller, OpenFile* file) {
  std::lock_guard lock(mutex_);
  Node* node = inodes_.find(ino);
  if (node == nullptr) {
    return -ENOENT;
  }
  const auto at = static_cast<std::size_t>(offset);
  if (node->role == Role::staged) {
    if (config_.multi_user && caller.uid != 0 && caller.uid != node->uid) {
      return -EACCES;
    }
    if (at > node->content.size()) {
      return -EINVAL;
    }
    if (data.size() > kMaxStagedBytes - at) {
      return -EFBIG;
    }
    // Staged bodies must be UTF-8. Checked from the start of the character
    // the write lands in; a sequence split across writes may end this one.
    std::size_t from = at;
    while (from > 0 && at - from < 3) {
      const auto before = static_cast<unsigned char>(node->content[from - 1]);
      if (before < 0x80) {
        break;
      }
      --from;
      if (before >= 0xC0) {
        break;  // the lead byte of the character
      }
    }
    std::string piece = node->content.substr(from, at - from);
    piece.append(data);
    if (!valid_utf8_allowing_tail(piece)) {
      return -EINVAL;
    }
    node->content.replace(at, std::min(data.size(), node->content.size() - at), data);
    return static_cast<long>(data.size());
  }
  if (node->role != Role::value || !node->writer) {
    return -EROFS;
  }
  if (!may_enter(ino, caller)) {
    return -EACCES;  // another user's route, policy, job or hook
  }
  std::string whole(data);
  if (at != 0) {
    if (file == nullptr || at != file->value.size()) {
      return -EINVAL;  // whole-value writes only
    }
    whole = file->value + whole;
  } else if (file != nullptr) {
    file->original = node->reader ? node->reader() : std::string();
  }
  const int err = node->writer(whole);
  if (err != 0 && at != 0 && node->reader) {
    // A continuation made the value invalid: put back what the earlier
    // pieces replaced, so a rejected multi-line write changes nothing.
    node->writer(file->original);
  }
  if (err == 0 && file != nullptr) {
    file->value = whole;
  }
  if (err == 0) {
    AuditEvent event;
    event.event = "configured";
    event.format = value_audit_format(*node);
    event.name = node->name;
    event.caller = caller;
    event.space = space_of(home_owner(ino).value_or(caller.uid));
    audit(std::move(event));
  }
  return err != 0 ? -err : static_cast<long>(data.size());
}

std::size_t CtxFs::queue_depth() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace lf::ctxfs
