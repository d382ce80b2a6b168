#include "execution/executor_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace lf::core {

Result<ExecutorLock> ExecutorLock::try_acquire(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = run_dir / ".executor";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int errnum = errno;
    close(fd);
    if (errnum == EWOULDBLOCK) {
      return fail(
          Code::conflict,
          "run " + run_dir.filename().string() + " is already being executed by another process");
    }
    return fail(errno_error(errnum, path.string()));
  }
  return ExecutorLock(fd);
}

ExecutorLock::ExecutorLock(ExecutorLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

ExecutorLock::~ExecutorLock() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

}  // namespace lf::core
