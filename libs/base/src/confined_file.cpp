#include <sys/stat.h>

#include <lightflow/base/confined_file.hpp>

namespace lf::base {

namespace fs = std::filesystem;

Result<fs::path> real_directory(const fs::path& path) {
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) {
    return fail(Code::not_found, path.string() + ": " + ec.message());
  }
  if (!fs::is_directory(real, ec)) {
    return fail(Code::invalid_argument, path.string() + " is not a directory");
  }
  return real;
}

std::optional<ConfinedFile> find_confined_file(const fs::path& root,
                                               const std::vector<std::string>& segments,
                                               std::string_view index_name) {
  fs::path relative;
  for (const std::string& segment : segments) {
    relative /= segment;
  }
  std::error_code ec;
  fs::path path = fs::canonical(root / relative, ec);
  if (ec) {
    return std::nullopt;
  }
  if (fs::is_directory(path, ec)) {
    path = fs::canonical(path / index_name, ec);
    if (ec) {
      return std::nullopt;
    }
  }
  // Inside means below root: root itself or a sibling sharing its prefix
  // ("/srv/ui-old" for "/srv/ui") is not.
  const std::string& text = path.native();
  const std::string& base = root.native();
  if (text.size() <= base.size() || !text.starts_with(base) || text[base.size()] != '/') {
    return std::nullopt;
  }

  struct stat info {};

  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return std::nullopt;
  }
  ConfinedFile file;
  file.name = path.filename().string();
  file.path = std::move(path);
  file.size = static_cast<std::uint64_t>(info.st_size);
  file.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000
                  + static_cast<std::int64_t>(info.st_mtim.tv_nsec);
  return file;
}

}  // namespace lf::base
