#include "fs/inode_table.hpp"

#include <cassert>
#include <utility>

namespace lf::ctxfs {

InodeTable::InodeTable(uid_t uid, gid_t gid) {
  Node root;
  root.ino = kRootIno;
  root.parent = kRootIno;
  root.kind = NodeKind::dir;
  root.mode = 0555;
  root.uid = uid;
  root.gid = gid;
  root.cacheable = true;
  // The kernel holds the root without a lookup; one reference keeps it forever.
  root.nlookup = 1;
  nodes_.emplace(kRootIno, std::move(root));
}

Node* InodeTable::find(Ino ino) {
  auto it = nodes_.find(ino);
  return it == nodes_.end() ? nullptr : &it->second;
}

Node* InodeTable::child(Ino parent, std::string_view name) {
  Node* dir = find(parent);
  if (dir == nullptr || dir->kind != NodeKind::dir) {
    return nullptr;
  }
  auto it = dir->children.find(name);
  return it == dir->children.end() ? nullptr : find(it->second);
}

Node& InodeTable::add(Ino parent, std::string_view name, NodeKind kind, mode_t mode, Role role) {
  Node* dir = find(parent);
  assert(dir != nullptr && dir->kind == NodeKind::dir);
  Node node;
  node.ino = next_ino_++;
  node.parent = parent;
  node.name = std::string(name);
  node.kind = kind;
  node.mode = mode;
  node.role = role;
  node.uid = dir->uid;
  node.gid = dir->gid;
  dir->children.emplace(node.name, node.ino);
  auto [it, inserted] = nodes_.emplace(node.ino, std::move(node));
  assert(inserted);
  return it->second;
}

Node& InodeTable::add_detached(
    Ino parent, std::string_view name, NodeKind kind, mode_t mode, Role role) {
  Node& node = add(parent, name, kind, mode, role);
  find(parent)->children.erase(node.name);
  node.linked = false;
  return node;
}

Node& InodeTable::ensure_dir(Ino parent, std::string_view name, mode_t mode, Role role) {
  if (Node* existing = child(parent, name)) {
    return *existing;
  }
  Node& dir = add(parent, name, NodeKind::dir, mode, role);
  // Submission directories are as fixed as plain ones; only virtual parents
  // (chan/, job/, hook/) gain and lose children by mkdir and stay uncached.
  dir.cacheable = role != Role::virtual_parent;
  return dir;
}

Node& InodeTable::add_text(Ino parent, std::string_view name, std::string content) {
  Node& file = add(parent, name, NodeKind::file, 0444);
  file.content = std::move(content);
  file.cacheable = true;
  return file;
}

Node& InodeTable::add_dynamic(Ino parent, std::string_view name, ContentReader reader) {
  Node& file = add(parent, name, NodeKind::file, 0444);
  file.reader = std::move(reader);
  file.cacheable = true;
  return file;
}

Node& InodeTable::add_view(Ino parent, std::string_view name, ViewReader view) {
  Node& file = add(parent, name, NodeKind::file, 0444);
  file.view = std::move(view);
  file.cacheable = true;
  return file;
}

Node& InodeTable::add_value(
    Ino parent, std::string_view name, mode_t mode, ContentReader reader, ValueWriter writer) {
  Node& file = add(parent, name, NodeKind::file, mode, Role::value);
  file.reader = std::move(reader);
  file.writer = std::move(writer);
  file.cacheable = true;
  return file;
}

bool InodeTable::unlink(Ino parent, std::string_view name) {
  Node* dir = find(parent);
  if (dir == nullptr) {
    return false;
  }
  auto it = dir->children.find(name);
  if (it == dir->children.end()) {
    return false;
  }
  const Ino ino = it->second;
  dir->children.erase(it);
  Node* node = find(ino);
  if (node != nullptr) {
    node->linked = false;
    if (node->nlookup == 0) {
      nodes_.erase(ino);
    }
  }
  return true;
}

void InodeTable::rename(Ino parent, std::string_view from, std::string_view to) {
  Node* dir = find(parent);
  assert(dir != nullptr);
  auto it = dir->children.find(from);
  assert(it != dir->children.end());
  const Ino ino = it->second;
  dir->children.erase(it);
  dir->children.emplace(std::string(to), ino);
  find(ino)->name = std::string(to);
}

void InodeTable::remember(Ino ino) {
  if (Node* node = find(ino)) {
    ++node->nlookup;
  }
}

void InodeTable::forget(Ino ino, std::uint64_t count) {
  Node* node = find(ino);
  if (node == nullptr || ino == kRootIno) {
    return;
  }
  node->nlookup = count >= node->nlookup ? 0 : node->nlookup - count;
  if (node->nlookup == 0 && !node->linked) {
    nodes_.erase(ino);
  }
}

}  // namespace lf::ctxfs
