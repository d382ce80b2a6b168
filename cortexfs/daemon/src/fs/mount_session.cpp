#include "fs/mount_session.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdarg>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "commit/worker_pool.hpp"
#include "fs/ctx_fs.hpp"
#include "fs/fuse_ops.hpp"
#include "persistence/instance_lock.hpp"

namespace lf::ctxfs {
namespace {

struct SessionDeleter {
  void operator()(fuse_session* se) const { fuse_session_destroy(se); }
};

using SessionPtr = std::unique_ptr<fuse_session, SessionDeleter>;

// Removes the signal handlers on scope exit.
class SignalGuard {
 public:
  explicit SignalGuard(fuse_session* se) : se_(se), ok_(fuse_set_signal_handlers(se) == 0) {}

  ~SignalGuard() {
    if (ok_) {
      fuse_remove_signal_handlers(se_);
    }
  }

  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

  bool ok() const noexcept { return ok_; }

 private:
  fuse_session* se_;
  bool ok_;
};

// Unmounts on scope exit.
class MountGuard {
 public:
  MountGuard(fuse_session* se, const std::string& mount_point)
      : se_(se), ok_(fuse_session_mount(se, mount_point.c_str()) == 0) {}

  ~MountGuard() {
    if (ok_) {
      fuse_session_unmount(se_);
    }
  }

  MountGuard(const MountGuard&) = delete;
  MountGuard& operator=(const MountGuard&) = delete;

  bool ok() const noexcept { return ok_; }

 private:
  fuse_session* se_;
  bool ok_;
};

std::string mount_options(const DaemonConfig& config) {
  std::string options = "fsname=cortexfs,subtype=ctxfs,default_permissions,noexec,nodev,nosuid";
  if (config.multi_user) {
    options += ",allow_other";
  }
  return options;
}

// Ends the daemon once its mount has left the mount table. A plain unmount
// ends the FUSE loop by itself, but a lazy one (fusermount3 -u -z, or -u
// while a client holds a file open) keeps the connection, and so the daemon,
// alive for as long as clients hold files. The watch sends SIGTERM, the
// documented clean shutdown: parked .wait reads get EINTR, exit status 0.
class MountWatch {
 public:
  MountWatch(const DaemonConfig& config)
      : id_(mount_entry_at(config.mount_point, config.uid).id), thread_([this] { watch(); }) {}

  ~MountWatch() {
    stop_ = true;
    thread_.join();
  }

  /// True once the mount left the table (the daemon is shutting down for it).
  bool gone() const noexcept { return gone_; }

  MountWatch(const MountWatch&) = delete;
  MountWatch& operator=(const MountWatch&) = delete;

 private:
  void watch() {
    // mountinfo reports a change of the mount table as POLLPRI; the timeout
    // only bounds how long stopping takes.
    const int fd = ::open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
    while (!stop_ && id_ >= 0) {
      pollfd table{fd, POLLPRI, 0};
      if (fd >= 0) {
        ::poll(&table, 1, 200);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      if (!stop_ && !mount_listed(id_)) {
        gone_ = true;
        ::kill(::getpid(), SIGTERM);
        break;
      }
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }

  long id_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> gone_{false};
  std::thread thread_;
};

// libfuse's messages, dropped.
void discard_fuse_log(enum fuse_log_level /*level*/, const char* /*fmt*/, va_list /*args*/) {}

int serve(fuse_session* se, CtxFs& fs, const DaemonConfig& config) {
  fs.attach_session(se);
  WorkerPool workers(fs, config.workers);
  MountWatch watch(config);
  fuse_loop_config* loop = fuse_loop_cfg_create();
  // One /dev/fuse descriptor per loop thread: requests are not all funnelled
  // through one file's wait queue (measurably better with 8 clients).
  fuse_loop_cfg_set_clone_fd(loop, 1);
  fuse_loop_cfg_set_max_threads(loop, 32);
  const int rc = fuse_session_loop_mt(se, loop);
  fuse_loop_cfg_destroy(loop);
  workers.stop();
  // Parked .wait reads get EINTR rather than hanging until the kernel aborts them.
  fs.waits().cancel_all();
  discard_open_files();
  if (watch.gone()) {
    // The mount left the table already: the unmount at teardown (which frees
    // libfuse's copy of the mount point) can only fail, and must not say so.
    fuse_set_log_func(discard_fuse_log);
  }
  return rc;
}

}  // namespace

int run_mount(const DaemonConfig& config) {
  // Large buffers (a big staged request and its copies on the way to the
  // journal) come from mmap and go back to the system when freed; glibc
  // would otherwise raise this threshold after the first one and keep the
  // daemon at its high-water mark for good.
  ::mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // Before the journal is read: a second daemon must not compact or append
  // to the state of a running one.
  auto lock = InstanceLock::acquire(config.state_dir, config.mount_point, config.uid);
  if (!lock) {
    std::cerr << "ctxfs: " << lock.error().message << "\n";
    return 1;
  }
  CtxFs fs(config);
  for (const auto& problem : fs.load_problems()) {
    std::cerr << "ctxfs: warning: " << problem << "\n";
  }
  const std::string options = mount_options(config);
  const char* argv[] = {"ctxfs", "-o", options.c_str()};
  fuse_args args = FUSE_ARGS_INIT(3, const_cast<char**>(argv));
  const auto& ops = fuse_operations();
  SessionPtr se(fuse_session_new(&args, &ops, sizeof(ops), &fs));
  // fuse_session_new copies what it keeps; the parsed copy of argv is ours.
  fuse_opt_free_args(&args);
  if (!se) {
    std::cerr << "ctxfs: cannot create the FUSE session\n";
    return 1;
  }
  SignalGuard signals(se.get());
  if (!signals.ok()) {
    std::cerr << "ctxfs: cannot install signal handlers\n";
    return 1;
  }
  MountGuard mount(se.get(), config.mount_point.string());
  if (!mount.ok()) {
    std::cerr << "ctxfs: cannot mount " << config.mount_point.string() << "\n";
    return 1;
  }
  // Detach before any thread exists: fork() keeps only the calling thread.
  if (config.daemonize && fuse_daemonize(0) != 0) {
    std::cerr << "ctxfs: cannot detach\n";
    return 1;
  }
  lock->record_pid();
  const int rc = serve(se.get(), fs, config);
  // libfuse reports the signal that ended the loop as its result: SIGINT,
  // SIGTERM and SIGHUP are the documented way to unmount, so they are success.
  const int why = rc < 0 ? -rc : rc;
  return why == 0 || why == SIGINT || why == SIGTERM || why == SIGHUP ? 0 : 1;
}

}  // namespace lf::ctxfs
