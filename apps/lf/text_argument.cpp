#include "text_argument.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace lf::cli {
namespace {

Result<std::string> read_fd(int fd, std::string_view what) {
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0) {
      return text;
    } else if (errno != EINTR) {
      return fail(errno_error(errno, what));
    }
  }
}

}  // namespace

Result<std::string> resolve_text_argument(std::string_view argument) {
  if (argument == "-") {
    return read_fd(STDIN_FILENO, "standard input");
  }
  if (!argument.starts_with('@')) {
    return std::string(argument);
  }
  const std::string path(argument.substr(1));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fail(errno_error(errno, path));
  }
  auto text = read_fd(fd, path);
  close(fd);
  return text;
}

}  // namespace lf::cli
