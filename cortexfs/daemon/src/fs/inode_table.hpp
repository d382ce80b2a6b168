#pragma once

// The inode table: every node of the /ctx tree by inode number, with the
// kernel's lookup counts. A node that is unlinked stays until the kernel forgets
// it. Thread-safety: none; CtxFs guards it with its mutex.

#include <string_view>
#include <unordered_map>

#include "fs/node.hpp"

namespace lf::ctxfs {

class InodeTable {
 public:
  /// Creates the root directory (mode 0555, owned by uid/gid).
  InodeTable(uid_t uid, gid_t gid);

  /// The node, or nullptr when the number is unknown or was forgotten.
  Node* find(Ino ino);

  /// The child called `name` of directory `parent`, or nullptr.
  Node* child(Ino parent, std::string_view name);

  /// Adds a new node under `parent` (which must exist and be a directory) and
  /// returns it; the owner is copied from the parent. REQUIRES: no child `name`.
  Node& add(Ino parent, std::string_view name, NodeKind kind, mode_t mode, Role role = Role::plain);

  /// Adds a node that has a parent but no name in it: readdir does not list
  /// it and it is freed once the kernel forgets it (.wait files).
  Node& add_detached(Ino parent, std::string_view name, NodeKind kind, mode_t mode, Role role);

  /// Adds a directory, or returns the existing child of that name.
  Node& ensure_dir(Ino parent, std::string_view name, mode_t mode = 0555, Role role = Role::plain);

  /// Adds a static file with fixed content ("\n" appended by the caller).
  Node& add_text(Ino parent, std::string_view name, std::string content);

  /// Adds a read-only file whose content is computed at open.
  Node& add_dynamic(Ino parent, std::string_view name, ContentReader reader);

  /// Adds a read-only file whose content is computed at open for its reader.
  Node& add_view(Ino parent, std::string_view name, ViewReader view);

  /// Adds a whole-value node; `reader` may be empty for write-only nodes.
  Node& add_value(
      Ino parent, std::string_view name, mode_t mode, ContentReader reader, ValueWriter writer);

  /// Removes `name` from its parent. The node itself lives on until its lookup
  /// count reaches zero. Returns false when there is no such child.
  bool unlink(Ino parent, std::string_view name);

  /// Moves a child to a new name in the same directory (replacing nothing:
  /// REQUIRES no child `to`).
  void rename(Ino parent, std::string_view from, std::string_view to);

  /// Counts one kernel lookup of `ino`.
  void remember(Ino ino);

  /// Drops `count` kernel lookups; frees an unlinked node at zero.
  void forget(Ino ino, std::uint64_t count);

  std::size_t size() const noexcept { return nodes_.size(); }

 private:
  std::unordered_map<Ino, Node> nodes_;
  Ino next_ino_ = kRootIno + 1;
};

}  // namespace lf::ctxfs
