#pragma once

// One ctxfs per state directory and per mount point. An InstanceLock holds
// flock(2) locks for the daemon's life: on <state-dir>/lock (which names the
// holder's pid) and on the mount point directory itself, held open beneath the
// mount. A daemon that dies, even by SIGKILL, releases both with its last
// descriptor, so a stale lock never blocks a restart. Before the mount point
// is locked, a dead endpoint left there by a crash is recovered (see
// recover_dead_mount); after, the mount point must be an empty directory that
// nothing is mounted on.
// Thread-safety: none; used by run_mount before any thread starts.

#include <sys/types.h>

#include <filesystem>
#include <string>

#include <lightflow/base/result.hpp>

namespace lf::ctxfs {

class InstanceLock {
 public:
  /// Locks `state_dir` (created 0700 when missing), recovers a dead endpoint
  /// of this user's own ctxfs at `mount_point`, locks the mount point and
  /// checks it. Errors (one-line messages for the user):
  /// - conflict: another ctxfs holds the state directory or the mount point,
  ///   or the mount point is already mounted;
  /// - failed_precondition: the mount point is not an empty directory, or is a
  ///   dead endpoint this process may not recover (the message holds the
  ///   exact command to run);
  /// - io_error for anything else.
  static Result<InstanceLock> acquire(const std::filesystem::path& state_dir,
                                      const std::filesystem::path& mount_point,
                                      uid_t uid);

  InstanceLock(InstanceLock&& other) noexcept;
  InstanceLock& operator=(InstanceLock&&) = delete;
  InstanceLock(const InstanceLock&) = delete;
  InstanceLock& operator=(const InstanceLock&) = delete;
  ~InstanceLock();

  /// Writes the current pid into the state lock (after --daemon forked).
  void record_pid();

 private:
  InstanceLock() = default;

  int state_fd_ = -1;
  int mount_fd_ = -1;
};

/// What /proc/self/mountinfo says is mounted at `path` (the topmost mount):
/// its file system type ("fuse.ctxfs") and whether its FUSE owner
/// (user_id=) is `uid`. `found` is false when nothing is mounted there.
struct MountEntry {
  bool found = false;
  long id = -1;  ///< the mount ID (mountinfo's first field)
  std::string fstype;
  bool owned_by_uid = false;
};

MountEntry mount_entry_at(const std::filesystem::path& path, uid_t uid);

/// Whether the mount with ID `id` is still in this process's mount table
/// (false once it is unmounted, lazily or not).
bool mount_listed(long id);

/// When `mount_point` is a dead FUSE endpoint (stat gives ENOTCONN, as after
/// a crash): lazily unmounts it if it is this user's own ctxfs
/// (`fusermount3 -u -z`) and says so on stderr; otherwise fails with
/// failed_precondition and the exact command to run. Anything else is left alone.
Result<void> recover_dead_mount(const std::filesystem::path& mount_point, uid_t uid);

}  // namespace lf::ctxfs
