#include "atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>

namespace lf::ctxfs {
namespace {

Result<void> fsync_dir(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno_error(errno, dir.string()));
  }
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) {
    return fail(errno_error(err, dir.string()));
  }
  return {};
}

Result<void> write_all(int fd, std::string_view content, const std::filesystem::path& path) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(errno_error(errno, path.string()));
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

Result<void> write_file_atomic(const std::filesystem::path& path,
                               std::string_view content,
                               Durability durability) {
  static std::atomic<unsigned long> counter{0};
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return fail(error_from(ec, path.parent_path().string()));
  }
  // Unique per process and call, so concurrent writers of different paths in
  // one directory never share a temporary. Built by appending: GCC 12 at -O3
  // warns falsely (-Wrestrict, GCC bug 105651) on "literal" + std::string.
  std::string name(".");
  name += path.filename().string();
  name += '.';
  name += std::to_string(::getpid());
  name += '.';
  name += std::to_string(counter++);
  name += ".tmp";
  const auto tmp = path.parent_path() / name;
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, tmp.string()));
  }
  auto written = write_all(fd, content, tmp);
  if (written && durability == Durability::fsync && ::fsync(fd) != 0) {
    written = fail(errno_error(errno, tmp.string()));
  }
  ::close(fd);
  if (written && ::rename(tmp.c_str(), path.c_str()) != 0) {
    written = fail(errno_error(errno, path.string()));
  }
  if (!written) {
    ::unlink(tmp.c_str());
    return written;
  }
  return durability == Durability::fsync ? fsync_dir(path.parent_path()) : Result<void>();
}

Result<void> remove_file_durable(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return fail(errno_error(errno, path.string()));
  }
  return fsync_dir(path.parent_path());
}

Result<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(errno_error(ENOENT, path.string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    return fail(errno_error(EIO, path.string()));
  }
  return buffer.str();
}

}  // namespace lf::ctxfs
