#pragma once

// CtxFs: the whole /ctx filesystem behind the FUSE callbacks, independent of
// libfuse's request objects except for parked .wait reads. Every operation
// returns 0 or an errno and never throws. It owns the inode table, the
// request book and queue, routing inputs, channels, the audit log, the state
// store and the wait registry. Provider calls happen in run_next(), which the
// worker pool calls without holding the lock.
//
// Thread-safety: all public members are thread-safe.
// Lock order: mutex_ first, then WaitRegistry's own mutex. mutex_ is never held
// during a provider call, a durable file write of a request, or a FUSE reply.
//
// Multi-user mounts: home/<uid> is a boundary. Its nodes belong to <uid> and
// the home itself is 0500, so the kernel (default_permissions) refuses other
// uids; the namespace operations check the same again (EACCES) for callers
// other than root and the home's owner. Request ids are scoped to their owner
// (request_key), the audit and queue views show a reader only its own events,
// and tools read only what their caller may read.

#include <sys/stat.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "commit/request_record.hpp"
#include "commit/router.hpp"
#include "commit/wait_registry.hpp"
#include "daemon_config.hpp"
#include "fs/inode_table.hpp"
#include "persistence/audit_log.hpp"
#include "persistence/state_store.hpp"
#include "providers/channel_store.hpp"

namespace lf::ctxfs {

/// The largest staged request body: a write or truncation past it is EFBIG.
inline constexpr std::size_t kMaxStagedBytes = 16 * 1024 * 1024;

/// A looked-up or created entry.
struct Entry {
  Ino ino = 0;

  struct stat attr {};

  bool cache_entry = false;  ///< the kernel may cache the name -> inode mapping
  bool cache_attr = false;   ///< ... and the attributes
};

/// One open file: a snapshot for computed files, or the live node otherwise.
struct OpenFile {
  Ino ino = 0;
  Role role = Role::plain;
  bool snapshot = false;
  std::string content;
  std::string request_id;  ///< wait files
  std::string value;       ///< value nodes: what this open file wrote so far
  std::string original;    ///< value nodes: the value before the first write
};

/// A job or a hook directory's state; every text ends in "\n" but req.
struct VirtualJob {
  std::string spec;
  std::string req;
  std::string out = "{}\n";
  std::string status = "idle\n";
  std::string trigger = "manual\n";
  std::string last = "never\n";
  std::string log;
};

enum class VirtualKind { job, hook };

/// A thread's conversation (home/<uid>/thread/<id>/).
struct ThreadState {
  std::string messages;  ///< messages.jsonl
  std::string latest;    ///< latest.md
  std::string state = "idle";
  std::string fingerprint = "none";
};

/// Whether a state change is recorded in the audit log (a restore is not).
enum class Audit { record, skip };

/// What a read of a .wait file should do.
enum class WaitRead { answered, parked };

class CtxFs {
 public:
  /// Builds the tree, loads channels and persisted requests (re-queueing the
  /// unfinished ones). Problems loading are returned by load_problems().
  explicit CtxFs(DaemonConfig config);
  CtxFs(const CtxFs&) = delete;
  CtxFs& operator=(const CtxFs&) = delete;

  const DaemonConfig& config() const noexcept { return config_; }

  std::vector<std::string> load_problems() const;

  // --- Namespace operations (FUSE lowlevel semantics; return 0 or an errno).
  int lookup(Ino parent, std::string_view name, const Caller& caller, Entry& out);
  void forget(Ino ino, std::uint64_t count);
  /// `cacheable` tells whether the kernel may keep the attributes (see attr_cacheable).
  int getattr(Ino ino, struct stat& out, bool& cacheable);
  int readdir(Ino ino, std::vector<std::pair<std::string, struct stat>>& out);
  /// Lists `ino` for `caller` (EACCES inside another user's home, multi-user).
  int readdir(Ino ino, std::vector<std::pair<std::string, struct stat>>& out, const Caller& caller);
  int mkdir(Ino parent, std::string_view name, const Caller& caller, Entry& out);
  int unlink(Ino parent, std::string_view name, const Caller& caller);
  int truncate(Ino ino, std::uint64_t size, struct stat& out);
  /// The node's user.cortex.context label ("local:uid<owner>:object_r:user_space_t:s0").
  int context_label(Ino ino, std::string& out);

  // --- File operations.
  /// Opens for `caller`: computed views (audit) are taken for that reader.
  int open(Ino ino, int flags, OpenFile& out, const Caller& caller);
  /// Opens as the mounting user.
  int open(Ino ino, int flags, OpenFile& out);
  int read(const OpenFile& file, std::size_t size, off_t offset, std::string& out);
  /// Returns the number of bytes written (>= 0) or -errno. Value nodes take
  /// whole values: a write at offset 0 starts one, a write at the end of what
  /// this open file wrote so far extends it (shells split multi-line values),
  /// and each write applies the value so far; a rejected continuation puts
  /// the value from before the first piece back. `file` keeps that per-open
  /// state (may be null for single-write callers).
  long write(
      Ino ino, std::string_view data, off_t offset, const Caller& caller, OpenFile* file = nullptr);
  int create(Ino parent, std::string_view name, const Caller& caller, Entry& out);
  /// On success `*committed` (when not null) is the inode whose attributes the
  /// commit changed (staged 0644 -> committed 0444), which the kernel may have
  /// cached: the caller invalidates them before replying.
  int rename(Ino parent,
             std::string_view name,
             Ino new_parent,
             std::string_view new_name,
             unsigned flags,
             const Caller& caller,
             Ino* committed = nullptr);

  // --- .wait files.
  /// Answers `out` when the outcome exists, else parks `req` (the caller then
  /// installs the interrupt callback and calls waits().arm(req)).
  WaitRead read_wait(
      const OpenFile& file, fuse_req_t req, std::size_t size, off_t offset, std::string& out);
  /// POLLIN when the outcome exists; otherwise registers `ph` (may be null).
  unsigned poll_wait(const OpenFile& file, std::uint64_t fh, fuse_pollhandle* ph);

  WaitRegistry& waits() noexcept { return waits_; }

  /// The FUSE session serving this tree, for invalidation notices (null when
  /// there is none, as in unit tests). Set once before the session loop starts.
  void attach_session(fuse_session* se) noexcept { session_ = se; }

  fuse_session* session() const noexcept { return session_; }

  // --- Execution (worker pool).
  /// Waits (up to `timeout`) for a queued request and runs it. Returns false
  /// when stopping. Never holds mutex_ during the provider call.
  bool run_next(std::chrono::milliseconds timeout);
  /// Makes every run_next return false from now on and wakes the workers.
  void stop_workers();

  std::size_t queue_depth() const;

 private:
  // tree_builder.cpp
  void build_tree();
  /// `gid` owns the home's nodes with uid (default: the mounting user's gid).
  void build_home(std::uint32_t uid, std::optional<std::uint32_t> gid = std::nullopt);
  void build_format_dir(Ino parent, std::string_view format);
  void build_control();
  void build_tools();
  Node& add_scope(
      Ino parent, ScopeKind kind, std::uint32_t uid, std::string format, std::string tool);
  void build_channel_dir(const std::string& id);
  void build_jobs_and_hooks(Ino home, std::uint32_t uid);
  std::shared_ptr<Scope> scope_of(const RequestRecord& record);

  // jobs_hooks.cpp (value writers run with mutex_ held)
  void build_job_dir(Ino parent, std::uint32_t uid, const std::string& id, VirtualKind kind);
  int write_job_spec(VirtualKind kind,
                     const std::string& key,
                     std::uint32_t uid,
                     std::string_view value);
  int run_job_request(const std::string& key, std::string_view value);
  int run_hook(const std::string& key, std::uint32_t uid, std::string_view value);
  void persist_hook(const std::string& key, std::uint32_t uid);
  int make_job_or_hook(Node& parent, std::uint32_t uid, std::string_view name);
  void load_hooks(Ino hook_dir, std::uint32_t uid);

  // provider_views.cpp
  std::optional<ProviderInfo> provider_by_id(std::string_view id) const;
  void sync_dirs(Ino parent,
                 const std::set<std::string>& wanted,
                 const std::function<void(Ino, const std::string&)>& build);
  void sync_views();

  // threads.cpp
  void build_thread_root(Ino home, std::uint32_t uid);
  Node* ensure_thread(Ino root, std::uint32_t uid, std::string_view id);
  void thread_queued(const RequestRecord& record);
  void thread_finished(const RequestRecord& record);

  // routing_nodes.cpp (value writers; called with mutex_ held)
  int set_default_provider(std::uint32_t uid, std::string_view value);
  int set_allowed_providers(std::uint32_t uid, std::string_view value);

  // commit_handler.cpp
  int check_commit(Node& inbox,
                   Node& staged,
                   std::string_view new_name,
                   unsigned flags,
                   const Caller& caller,
                   RequestRecord& record);
  void publish_commit(const RequestRecord& record,
                      const std::shared_ptr<Scope>& scope,
                      Ino staged_ino,
                      const std::string& old_name,
                      Audit audit_mode = Audit::record);
  int duplicate_finished(Node& inbox,
                         Node& staged,
                         const RequestRecord& existing,
                         const Caller& caller);

  // ctx_fs.cpp
  void fill_attr(const Node& node, struct stat& out) const;
  /// Who reads a view: std::nullopt (everything) for root and on single-user mounts.
  std::optional<std::uint32_t> viewer_of(const Caller& caller) const;
  std::string node_text_for(const Node& node, std::optional<std::uint32_t> viewer) const;
  /// The uid of the home `ino` lies in (the home itself included), if any.
  std::optional<std::uint32_t> home_owner(Ino ino);
  /// False when a multi-user mount must keep `caller` out of `ino`: it lies in
  /// another uid's home and the caller is not root.
  bool may_enter(Ino ino, const Caller& caller);
  /// The kernel's mode check of `node` for `caller` (`mask`: R_OK, W_OK, X_OK).
  static bool may_access(const Node& node, const Caller& caller, int mask);
  /// Whose namespace a commit by `caller` into `scope` belongs to (request_key).
  std::uint32_t request_owner(const Scope& scope, const Caller& caller) const;
  /// On a multi-user mount, a tool request's files in the shared tool inbox
  /// and outbox belong to its caller alone (0400).
  void own_tool_file(Node& node, const RequestRecord& record) const;
  static bool entry_cacheable(const Node& node);
  static bool attr_cacheable(const Node& node);
  std::string node_text(const Node& node) const;
  UserPolicy& policy_for(std::uint32_t uid);
  std::vector<ProviderInfo> providers() const;
  RouteDecision route(std::string_view format, std::uint32_t uid);
  std::string space_of(std::uint32_t uid) const;
  std::string value_audit_format(const Node& node);
  void audit(AuditEvent event);

  // execution.cpp
  void restore_requests();
  void publish_outcome(RequestRecord& record,
                       std::uint64_t latency_ms,
                       std::uint64_t input_tokens,
                       std::uint64_t output_tokens,
                       const std::optional<std::string>& error,
                       Audit audit_mode);
  std::string run_tool(const RequestRecord& record);
  /// Makes a finished request's file read its content from the journal line
  /// at `span` instead of keeping it in memory (its size stays known).
  void read_from_journal(Node& node, JournalSpan span, std::string_view field);

  DaemonConfig config_;
  mutable std::mutex mutex_;  // guards everything below (lock order: see class comment)
  std::condition_variable work_cv_;
  InodeTable inodes_;
  ChannelStore channels_;
  std::optional<ProviderInfo> env_provider_;
  std::map<std::uint32_t, UserPolicy> policies_;
  std::map<std::string, RequestRecord, std::less<>> requests_;
  std::deque<std::string> queue_;
  std::uint64_t next_seq_ = 1;
  std::string last_drained_ = "none";
  std::map<std::uint32_t, std::string> last_drained_by_;  // owner uid -> last finished id
  AuditLog audit_;
  StateStore state_;
  std::vector<std::string> problems_;
  bool stopping_ = false;
  std::map<std::uint32_t, Ino> homes_;          // uid -> home dir
  std::map<std::string, VirtualJob> jobs_;      // "<uid>/<id>"
  std::map<std::string, VirtualJob> hooks_;     // "<uid>/<id>"
  std::map<std::string, ThreadState> threads_;  // "<uid>/<id>"
  std::map<Ino, std::uint32_t> thread_roots_;   // home/<uid>/thread -> uid
  Ino home_root_ = 0;
  Ino chan_root_ = 0;
  WaitRegistry waits_;  // own mutex, taken after mutex_
  fuse_session* session_ = nullptr;
  CallCanceller canceller_;  // own mutex, a leaf
};

}  // namespace lf::ctxfs
