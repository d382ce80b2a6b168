#include "store/jsonl_log.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include <lightflow/base/text_file.hpp>

namespace lf::core {
namespace {

Result<bool> ends_with_newline(int fd, const std::filesystem::path& path) {
  struct stat info {};

  if (::fstat(fd, &info) != 0) {
    return fail(errno_error(errno, path.string()));
  }
  if (info.st_size == 0) {
    return true;
  }
  char last = '\n';
  if (::pread(fd, &last, 1, info.st_size - 1) != 1) {
    return fail(errno_error(errno, path.string()));
  }
  return last == '\n';
}

}  // namespace

std::vector<std::string_view> whole_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0, end = 0; (end = text.find('\n', start)) != std::string_view::npos;
       start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

Result<void> append_jsonl(const std::filesystem::path& path, std::string_view lines, bool sync) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }
  auto written = append_jsonl_fd(fd, path, lines, sync);
  ::close(fd);
  return written;
}

Result<void> append_jsonl_fd(int fd,
                             const std::filesystem::path& path,
                             std::string_view lines,
                             bool sync) {
  auto whole = ends_with_newline(fd, path);
  Result<void> written;
  if (!whole) {
    written = fail(std::move(whole).error());
  } else if (!*whole) {
    std::string repaired = "\n";
    repaired += lines;
    written = base::write_all(fd, repaired, path);
  } else {
    written = base::write_all(fd, lines, path);
  }
  if (written && sync && ::fdatasync(fd) != 0) {
    written = fail(errno_error(errno, path.string()));
  }
  return written;
}

}  // namespace lf::core
