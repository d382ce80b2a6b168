#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/base/unique_name.hpp>

namespace lf::base {

std::filesystem::path temp_path_for(const std::filesystem::path& target) {
  // Built by appending (GCC 12 warns, wrongly, on "." + string + ... at -O3).
  std::string name(".");
  name.append(target.filename().string()).append(".").append(unique_token()).append(".tmp");
  return target.parent_path() / name;
}

Result<AtomicFile> AtomicFile::open(std::filesystem::path target, mode_t mode) {
  std::filesystem::path temp = temp_path_for(target);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return fail(errno_error(errno, temp.string()));
  }
  return AtomicFile(std::move(target), std::move(temp), fd);
}

AtomicFile::AtomicFile(std::filesystem::path target, std::filesystem::path temp, int fd)
    : target_(std::move(target)), temp_(std::move(temp)), fd_(fd) {}

AtomicFile::AtomicFile(AtomicFile&& other) noexcept
    : target_(std::move(other.target_)),
      temp_(std::move(other.temp_)),
      fd_(other.fd_),
      committed_(other.committed_) {
  other.fd_ = -1;
  other.committed_ = true;  // the moved-from object owns nothing to discard
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::close(fd_);
  }
  if (!committed_) {
    ::unlink(temp_.c_str());
  }
}

Result<void> AtomicFile::write(std::string_view bytes) {
  return write_all(fd_, bytes, temp_);
}

Result<void> AtomicFile::commit() {
  if (::fsync(fd_) != 0) {
    return fail(errno_error(errno, temp_.string()));
  }
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) {
    return fail(errno_error(errno, temp_.string()));
  }
  if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    return fail(errno_error(errno, target_.string()));
  }
  committed_ = true;
  return sync_directory(target_.parent_path());
}

Result<void> write_file_atomically(const std::filesystem::path& target,
                                   std::string_view content,
                                   mode_t mode) {
  auto file = AtomicFile::open(target, mode);
  if (!file) {
    return fail(std::move(file).error());
  }
  if (auto ok = file->write(content); !ok) {
    return ok;
  }
  return file->commit();
}

Result<void> remove_file_durably(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return fail(errno_error(errno, path.string()));
  }
  return sync_directory(path.parent_path());
}

Result<void> write_file_unsynced(const std::filesystem::path& target, std::string_view content) {
  const std::filesystem::path temp = temp_path_for(target);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(errno_error(errno, temp.string()));
  }
  auto written = write_all(fd, content, temp);
  if (::close(fd) != 0 && written) {
    written = fail(errno_error(errno, temp.string()));
  }
  if (written && std::rename(temp.c_str(), target.c_str()) != 0) {
    written = fail(errno_error(errno, target.string()));
  }
  if (!written) {
    ::unlink(temp.c_str());
  }
  return written;
}

namespace {

// Runs `sync` (fsync or syncfs) on a descriptor of `dir`.
Result<void> sync_through_directory(const std::filesystem::path& dir,
                                    int (*sync)(int),
                                    bool missing_is_fine) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return errno == ENOENT && missing_is_fine ? Result<void>()
                                              : fail(errno_error(errno, dir.string()));
  }
  const int synced = sync(fd);
  const int errnum = errno;
  ::close(fd);
  if (synced != 0) {
    return fail(errno_error(errnum, dir.string()));
  }
  return {};
}

}  // namespace

Result<void> sync_directory(const std::filesystem::path& dir) {
  return sync_through_directory(dir, ::fsync, false);
}

Result<void> sync_filesystem_of(const std::filesystem::path& dir) {
  return sync_through_directory(dir, ::syncfs, true);
}

Result<void> make_private_directories(const std::filesystem::path& dir) {
  struct stat info {};

  if (::stat(dir.c_str(), &info) == 0 && S_ISDIR(info.st_mode) && (info.st_mode & 077) == 0) {
    return {};  // the common case: nothing to do
  }
  std::filesystem::path prefix;
  for (const auto& part : dir) {
    prefix /= part;
    if (::mkdir(prefix.c_str(), 0700) == 0) {
      // mkdir's mode passes through the umask; a created directory gets
      // exactly 0700 (a umask of 0777 would leave even its owner out).
      if (::chmod(prefix.c_str(), 0700) != 0) {
        return fail(errno_error(errno, prefix.string()));
      }
    } else if (errno != EEXIST) {
      return fail(errno_error(errno, prefix.string()));
    }
  }
  if (::stat(dir.c_str(), &info) != 0) {
    return fail(errno_error(errno, dir.string()));
  }
  if (!S_ISDIR(info.st_mode)) {
    return fail(errno_error(ENOTDIR, dir.string()));
  }
  // Someone else's directory cannot be changed and is left as it is.
  if ((info.st_mode & 077) != 0 && info.st_uid == ::geteuid() && ::chmod(dir.c_str(), 0700) != 0) {
    return fail(errno_error(errno, dir.string()));
  }
  return {};
}

Result<void> make_directories(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return fail(error_from(ec, dir.string()));
  }
  return {};
}

}  // namespace lf::base
