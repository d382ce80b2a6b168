#include "optional_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "dead_mount.hpp"

namespace lf::cortex::detail {

Result<std::optional<std::string>> read_optional_file(const std::filesystem::path& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return std::optional<std::string>();
    }
    return fail(access_error(errno, path));
  }
  std::string content;
  char buffer[16384];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      content.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) {
      continue;
    }
    const int errnum = errno;
    close(fd);
    if (n < 0) {
      return fail(access_error(errnum, path));
    }
    return std::optional<std::string>(std::move(content));
  }
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace lf::cortex::detail
