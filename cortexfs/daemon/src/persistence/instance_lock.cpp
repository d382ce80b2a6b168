#include "persistence/instance_lock.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <lightflow/base/atomic_file.hpp>

extern char** environ;

namespace lf::ctxfs {
namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_mount_path(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '3') {
      out.push_back(static_cast<char>((text[i + 1] - '0') * 64 + (text[i + 2] - '0') * 8
                                      + (text[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// `path` with its parent resolved (symlinks, ..), as the mount table spells
// it; the last component is kept, since a dead endpoint cannot be resolved.
std::filesystem::path table_path(const std::filesystem::path& path) {
  std::error_code ec;
  auto parent = std::filesystem::weakly_canonical(path.parent_path(), ec);
  return ec ? path : parent / path.filename();
}

std::string dead_message(const std::filesystem::path& mount_point) {
  return mount_point.string()
         + " is a dead FUSE mount (Transport endpoint is not connected: its daemon has "
           "stopped)";
}

// Runs `fusermount3 -u -z <dir>`; true when it exits 0.
bool lazy_unmount(const std::filesystem::path& dir) {
  if (::getuid() == 0) {
    return ::umount2(dir.c_str(), MNT_DETACH) == 0;
  }
  std::vector<std::string> args{"fusermount3", "-u", "-z", dir.string()};
  std::vector<char*> argv;
  for (auto& arg : args) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
    return false;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string lock_holder(int fd) {
  char buffer[32] = {};
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
    pid.pop_back();
  }
  return pid.empty() ? std::string() : " (pid " + pid + ")";
}

// Locks <state_dir>/lock; returns its descriptor.
Result<int> lock_state_dir(const std::filesystem::path& state_dir) {
  if (auto made = base::make_directories(state_dir.parent_path()); !made) {
    return fail(std::move(made).error());
  }
  if (::mkdir(state_dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return fail(errno_error(errno, state_dir.string()));
  }
  const auto path = state_dir / "lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    const std::string holder = lock_holder(fd);
    ::close(fd);
    if (err == EWOULDBLOCK) {
      return fail(Code::conflict,
                  "state directory " + state_dir.string() + " is in use by another ctxfs" + holder
                      + "; one daemon per state directory");
    }
    return fail(errno_error(err, path.string()));
  }
  return fd;
}

Result<bool> directory_is_empty(int fd, const std::filesystem::path& dir) {
  const int copy = ::dup(fd);
  DIR* listing = copy >= 0 ? ::fdopendir(copy) : nullptr;
  if (listing == nullptr) {
    const int err = errno;
    if (copy >= 0) {
      ::close(copy);
    }
    return fail(errno_error(err, dir.string()));
  }
  bool empty = true;
  while (const dirent* entry = ::readdir(listing)) {
    if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0) {
      empty = false;
      break;
    }
  }
  ::closedir(listing);
  return empty;
}

// Locks the mount point directory and checks it is fit to mount on.
Result<int> lock_mount_point(const std::filesystem::path& mount_point, uid_t uid) {
  const int fd = ::open(mount_point.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOTDIR || err == ENOENT) {
      return fail(Code::failed_precondition,
                  mount_point.string() + ": the mount point must be an existing empty directory");
    }
    return fail(errno_error(err, mount_point.string()));
  }
  auto refuse = [fd](Error error) {
    ::close(fd);
    return fail(std::move(error));
  };
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    return refuse(err == EWOULDBLOCK
                      ? Error{Code::conflict,
                              mount_point.string()
                                  + " is being mounted by another ctxfs; one daemon per mount "
                                    "point"}
                      : errno_error(err, mount_point.string()));
  }
  // Checked after locking: a daemon that mounted meanwhile is seen here.
  if (const MountEntry entry = mount_entry_at(mount_point, uid); entry.found) {
    const bool ctxfs = entry.fstype == "fuse.ctxfs";
    return refuse(Error{Code::conflict,
                        mount_point.string() + " is already mounted ("
                            + (ctxfs ? std::string("served by a running ctxfs") : entry.fstype)
                            + "); unmount it first: fusermount3 -u " + mount_point.string()});
  }
  auto empty = directory_is_empty(fd, mount_point);
  if (!empty) {
    return refuse(std::move(empty).error());
  }
  if (!*empty) {
    return refuse(
        Error{Code::failed_precondition,
              mount_point.string() + " is not empty; ctxfs mounts only on an empty directory"});
  }
  return fd;
}

}  // namespace

MountEntry mount_entry_at(const std::filesystem::path& path, uid_t uid) {
  const std::string wanted = table_path(path).string();
  std::ifstream table("/proc/self/mountinfo");
  MountEntry found;
  std::string line;
  while (std::getline(table, line)) {
    // id parent major:minor root mount-point options [optional...] - type source super-options
    std::istringstream fields(line);
    std::string id, parent, device, root, point;
    fields >> id >> parent >> device >> root >> point;
    if (unescape_mount_path(point) != wanted) {
      continue;
    }
    const auto dash = line.find(" - ");
    if (dash == std::string::npos) {
      continue;
    }
    std::istringstream tail(line.substr(dash + 3));
    std::string fstype, source, options;
    tail >> fstype >> source >> options;
    found.found = true;  // later lines are mounted on top of earlier ones
    found.id = std::strtol(id.c_str(), nullptr, 10);
    found.fstype = fstype;
    found.owned_by_uid =
        ("," + options + ",").find(",user_id=" + std::to_string(uid) + ",") != std::string::npos;
  }
  return found;
}

namespace {

// True when `dir` is a FUSE mount whose daemon is gone. statfs always asks
// the daemon; stat may be answered from the kernel's attribute cache.
bool is_dead_endpoint(const std::filesystem::path& dir) {
  struct statfs info {};

  return ::statfs(dir.c_str(), &info) != 0 && errno == ENOTCONN;
}

}  // namespace

bool mount_listed(long id) {
  std::ifstream table("/proc/self/mountinfo");
  long listed = -1;
  std::string rest;
  while (table >> listed && std::getline(table, rest)) {
    if (listed == id) {
      return true;
    }
  }
  return false;
}

Result<void> recover_dead_mount(const std::filesystem::path& mount_point, uid_t uid) {
  if (!is_dead_endpoint(mount_point)) {
    return {};
  }
  const MountEntry entry = mount_entry_at(mount_point, uid);
  const std::string command = "fusermount3 -u -z " + mount_point.string();
  if (!entry.found || entry.fstype != "fuse.ctxfs" || !entry.owned_by_uid) {
    return fail(
        Code::failed_precondition,
        dead_message(mount_point) + " that is not this user's ctxfs; recover it with: " + command);
  }
  if (!lazy_unmount(mount_point) || is_dead_endpoint(mount_point)) {
    return fail(Code::failed_precondition,
                dead_message(mount_point) + " and unmounting it failed; run: " + command);
  }
  std::cerr << "ctxfs: " << dead_message(mount_point) << "; unmounted it (" << command << ")\n";
  return {};
}

Result<InstanceLock> InstanceLock::acquire(const std::filesystem::path& state_dir,
                                           const std::filesystem::path& mount_point,
                                           uid_t uid) {
  InstanceLock lock;
  auto state = lock_state_dir(state_dir);
  if (!state) {
    return fail(std::move(state).error());
  }
  lock.state_fd_ = *state;
  if (auto recovered = recover_dead_mount(mount_point, uid); !recovered) {
    return fail(std::move(recovered).error());
  }
  auto mount = lock_mount_point(mount_point, uid);
  if (!mount) {
    return fail(std::move(mount).error());
  }
  lock.mount_fd_ = *mount;
  lock.record_pid();
  return lock;
}

InstanceLock::InstanceLock(InstanceLock&& other) noexcept
    : state_fd_(other.state_fd_), mount_fd_(other.mount_fd_) {
  other.state_fd_ = -1;
  other.mount_fd_ = -1;
}

InstanceLock::~InstanceLock() {
  if (mount_fd_ >= 0) {
    ::close(mount_fd_);
  }
  if (state_fd_ >= 0) {
    ::close(state_fd_);
  }
}

void InstanceLock::record_pid() {
  if (state_fd_ < 0) {
    return;
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(state_fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(state_fd_, pid.data(), pid.size(), 0);
  }
}

}  // namespace lf::ctxfs
