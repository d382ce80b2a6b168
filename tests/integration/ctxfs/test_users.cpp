#include "test_users.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "ctxfs_mount.hpp"
#include <lf_test/process.hpp>

namespace ctxfs_test {
namespace {

void write_exactly(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n <= 0) {
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

void skip_unless_root_users() {
  skip_unless_fuse();
  if (::geteuid() != 0) {
    std::fprintf(stderr,
                 "SKIP: the multi-user isolation tests create real users and act as them; "
                 "they need root (CI runs them as root)\n");
    std::exit(77);
  }
  for (const char* tool : {"useradd", "userdel", "setpriv"}) {
    if (find_program(tool).empty()) {
      std::fprintf(stderr, "SKIP: %s is not installed\n", tool);
      std::exit(77);
    }
  }
}

UsersLock::UsersLock() : fd_(::open("/tmp/lf_iso_users.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
  if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
    throw std::runtime_error(std::string("lock /tmp/lf_iso_users.lock: ") + std::strerror(errno));
  }
}

UsersLock::~UsersLock() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

ScopedUser::ScopedUser(const std::string& name) {
  user_.name = name;
  const auto added = lf_test::run_process({find_program("useradd"),
                                           "--system",
                                           "--no-create-home",
                                           "--user-group",
                                           "--shell",
                                           "/usr/sbin/nologin",
                                           name});
  // 9: left over from an interrupted run; it is reused and removed.
  if (added.exit_code != 0 && added.exit_code != 9) {
    throw std::runtime_error("useradd " + name + ": " + added.err);
  }
  const passwd* entry = ::getpwnam(name.c_str());
  if (entry == nullptr) {
    throw std::runtime_error("no passwd entry for " + name);
  }
  user_.uid = entry->pw_uid;
  user_.gid = entry->pw_gid;
}

ScopedUser::~ScopedUser() {
  lf_test::run_process({find_program("userdel"), user_.name});
}

std::string errno_name(int err) {
  if (err == 0) {
    return "OK";
  }
  const char* name = ::strerrorname_np(err);
  return name != nullptr ? name : std::to_string(err);
}

Report as_user(const TestUser& user, const std::function<void(Report&)>& body) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    ::close(pipe_fds[0]);
    ::alarm(60);  // a hung filesystem call must not hang the test
    Report report;
    if (::setgroups(0, nullptr) != 0 || ::setresgid(user.gid, user.gid, user.gid) != 0
        || ::setresuid(user.uid, user.uid, user.uid) != 0) {
      ::_exit(3);
    }
    try {
      body(report);
    } catch (const std::exception& e) {
      report["exception"] = e.what();
    }
    std::string wire;
    for (const auto& [name, value] : report) {
      wire += name + "\n" + std::to_string(value.size()) + "\n" + value;
    }
    write_exactly(pipe_fds[1], wire);
    ::_exit(0);
  }
  ::close(pipe_fds[1]);
  std::string wire;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    wire.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("the child acting as " + user.name + " failed (status "
                             + std::to_string(status) + ")");
  }
  Report report;
  std::size_t at = 0;
  while (at < wire.size()) {
    const auto name_end = wire.find('\n', at);
    const auto size_end = wire.find('\n', name_end + 1);
    const std::string name = wire.substr(at, name_end - at);
    const auto size = std::stoul(wire.substr(name_end + 1, size_end - name_end - 1));
    report[name] = wire.substr(size_end + 1, size);
    at = size_end + 1 + size;
  }
  return report;
}

}  // namespace ctxfs_test
