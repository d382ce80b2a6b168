#include "store/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace lf::core {
namespace {

Unexpected run_missing(const std::filesystem::path& run_dir) {
  return fail(Code::not_found, "run " + run_dir.filename().string());
}

}  // namespace

Result<RunLock> RunLock::acquire(const std::filesystem::path& run_dir) {
  const std::filesystem::path path = run_dir / ".lock";
  // A delete renames the run directory away while holding the lock, and a new
  // run of the same id may appear afterwards; so after flock returns, the lock
  // file we hold must still be the one at `path`, or we try again.
  for (int round = 0; round < 100; ++round) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == ENOENT || errno == ENOTDIR) {
        return run_missing(run_dir);
      }
      return fail(errno_error(errno, path.string()));
    }
    int locked = 0;
    do {
      locked = ::flock(fd, LOCK_EX);
    } while (locked != 0 && errno == EINTR);
    if (locked != 0) {
      const int errnum = errno;
      ::close(fd);
      return fail(errno_error(errnum, path.string()));
    }

    struct stat held {};

    struct stat current {};

    const bool same = ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &current) == 0
                      && held.st_dev == current.st_dev && held.st_ino == current.st_ino;
    if (same) {
      return RunLock(fd);
    }
    ::close(fd);
  }
  return fail(Code::io_error, path.string() + ": the run directory keeps changing");
}

RunLock::RunLock(RunLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

RunLock::~RunLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // closing the last descriptor releases the flock
  }
}

}  // namespace lf::core
