#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <lightflow/base/text_file.hpp>

namespace lf::base {

Result<std::string> read_text_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  std::string content;
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      content.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    const int errnum = errno;
    ::close(fd);
    if (n < 0) {
      return fail(errno_error(errnum, path.string()));
    }
    return content;
  }
}

Result<void> write_all(int fd, std::string_view bytes, const std::filesystem::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(errno_error(errno, path.string()));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

Result<void> write_new_file(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  auto written = write_all(fd, content, path);
  if (written && ::fsync(fd) != 0) {
    written = fail(errno_error(errno, path.string()));
  }
  if (::close(fd) != 0 && written) {
    written = fail(errno_error(errno, path.string()));
  }
  return written;
}

}  // namespace lf::base
