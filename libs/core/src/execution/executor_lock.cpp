#include "execution/executor_lock.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <utility>

namespace lf::core {
namespace {

constexpr const char* kLockFile = ".executor";

struct flock whole_file(short type) {
  struct flock range {};

  range.l_type = type;
  range.l_whence = SEEK_SET;
  range.l_start = 0;
  range.l_len = 0;  // to the end, however long
  range.l_pid = 0;  // required by the OFD commands
  return range;
}

}  // namespace

Result<ExecutorLock> ExecutorLock::try_acquire(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = run_dir / kLockFile;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  struct flock range = whole_file(F_WRLCK);
  if (::fcntl(fd, F_OFD_SETLK, &range) != 0) {
    const int errnum = errno;
    ::close(fd);
    if (errnum == EAGAIN || errnum == EACCES) {
      return fail(Code::conflict,
                  "run " + run_dir.filename().string() + " is already being executed");
    }
    return fail(errno_error(errnum, path.string()));
  }
  // Who holds it, for people and for the detached start's reply; the lock,
  // not this text, is what counts.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  return ExecutorLock(fd);
}

bool ExecutorLock::held(const std::filesystem::path& run_dir) {
  const int fd = ::open((run_dir / kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;  // no executor ever ran it
  }
  struct flock range = whole_file(F_WRLCK);
  const bool held = ::fcntl(fd, F_OFD_GETLK, &range) == 0 && range.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

std::optional<int> ExecutorLock::holder_pid(const std::filesystem::path& run_dir) {
  if (!held(run_dir)) {
    return std::nullopt;
  }
  const int fd = ::open((run_dir / kLockFile).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  ::close(fd);
  int pid = 0;
  if (n <= 0 || std::from_chars(text, text + n, pid).ec != std::errc() || pid <= 0) {
    return std::nullopt;
  }
  return pid;
}

ExecutorLock::ExecutorLock(ExecutorLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ExecutorLock::~ExecutorLock() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
}

}  // namespace lf::core
