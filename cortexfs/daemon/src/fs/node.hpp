#pragma once

// One entry of the /ctx tree as the daemon holds it: a directory or a file, its
// mode and owner, and what reading or writing it does. Nodes live in the
// InodeTable and are guarded by the CtxFs mutex. Thread-safety: none of its own.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lf::ctxfs {

using Ino = std::uint64_t;

/// The root directory's inode number (FUSE_ROOT_ID).
inline constexpr Ino kRootIno = 1;

enum class NodeKind { dir, file };

/// What a node is for; decides which operations it accepts.
enum class Role {
  plain,           ///< a static or computed node of the tree
  inbox,           ///< a submission directory: create and rename commit here
  outbox,          ///< the daemon's outcome directory of an inbox
  staged,          ///< a client's staged file in an inbox (writable)
  committed,       ///< <id>.req.json in an inbox
  outcome,         ///< .fingerprint, .route.json, .resp.json, .error
  wait,            ///< <id>.wait: blocking read, poll
  value,           ///< a whole-value rw or wo node (chan fields, policy, control/drain)
  virtual_parent,  ///< a directory that accepts mkdir (chan/, job/, hook/)
};

/// Where a submission inbox sends its requests.
enum class ScopeKind { api, tool, thread };

/// One inbox/outbox pair and what its requests mean.
struct Scope {
  ScopeKind kind = ScopeKind::api;
  std::uint32_t uid = 0;
  std::string format;  ///< "openai.chat", ..., or "tool.invoke"
  std::string tool;    ///< tool id for tool scopes, thread id for thread scopes
  Ino inbox = 0;
  Ino outbox = 0;  ///< the inbox itself for thread scopes
};

/// Applies a whole value written to a value node; returns 0 or an errno.
using ValueWriter = std::function<int(std::string_view)>;

/// Computes a dynamic file's current content.
using ContentReader = std::function<std::string()>;

/// Computes a file whose content depends on who reads it (the audit and queue
/// views of a multi-user mount): `viewer` is the reading uid, or std::nullopt
/// for a reader who sees everything (root, or anyone on a single-user mount).
using ViewReader = std::function<std::string(std::optional<std::uint32_t> viewer)>;

struct Node {
  Ino ino = 0;
  Ino parent = 0;
  std::string name;
  NodeKind kind = NodeKind::file;
  Role role = Role::plain;
  mode_t mode = 0444;
  uid_t uid = 0;
  gid_t gid = 0;
  std::string content;   ///< bytes of stored files (static text, staged body, outcomes)
  ContentReader reader;  ///< when set, the content is computed at open
  /// The reader's content length when it is known without reading (a
  /// finished request's file read from the journal); attributes use it.
  std::optional<std::uint64_t> size;
  ViewReader view;     ///< when set, the content is computed at open for its reader
  ValueWriter writer;  ///< value nodes only
  std::map<std::string, Ino, std::less<>> children;
  std::uint64_t nlookup = 0;  ///< kernel references (lookup minus forget)
  bool linked = true;         ///< still reachable by name
  bool cacheable = false;     ///< its entry never changes: the kernel may cache it
  std::shared_ptr<Scope> scope;
  std::string request_id;  ///< wait nodes: the id waited on
};

}  // namespace lf::ctxfs
