#pragma once

// A real directory on disk that is removed with everything in it when the
// fixture goes out of scope. Not thread-safe.

#include <filesystem>
#include <string_view>

namespace lf_test {

class TempDir {
 public:
  explicit TempDir(std::string_view prefix = "lightflow-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const noexcept { return path_; }

  /// path() / relative
  std::filesystem::path operator/(const std::filesystem::path& relative) const {
    return path_ / relative;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace lf_test
