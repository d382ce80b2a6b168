#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <lightflow/core/config.hpp>
#include <lightflow/cortex/home.hpp>

namespace lf::core {
namespace {

std::optional<std::filesystem::path> absolute_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0' || value[0] != '/') {
    return std::nullopt;
  }
  return std::filesystem::path(value);
}

std::filesystem::path home_dir() {
  if (auto home = absolute_env("HOME")) {
    return *home;
  }
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_dir != nullptr) {
    return entry->pw_dir;
  }
  return "/";
}

std::filesystem::path base_dir(const char* variable, const char* fallback_under_home) {
  if (auto dir = absolute_env(variable)) {
    return *dir;
  }
  return home_dir() / fallback_under_home;
}

bool has_guide(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "authoring-assets.md", ec);
}

}  // namespace

std::filesystem::path default_docs_dir(const std::filesystem::path& project_root) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed =
        (exe.parent_path() / ".." / "share" / "lightflow" / "docs").lexically_normal();
    if (has_guide(installed)) {
      return installed;
    }
  }
  for (const std::filesystem::path& dir :
       {project_root / "docs", std::filesystem::path(LF_CORE_DOCS_SOURCE_DIR)}) {
    if (has_guide(dir)) {
      return dir;
    }
  }
  return LF_CORE_DOCS_INSTALL_DIR;
}

XdgDirs xdg_from_environment() {
  XdgDirs dirs;
  dirs.config = base_dir("XDG_CONFIG_HOME", ".config") / "lightflow";
  dirs.state = base_dir("XDG_STATE_HOME", ".local/state") / "lightflow";
  dirs.cache = base_dir("XDG_CACHE_HOME", ".cache") / "lightflow";
  if (auto runtime = absolute_env("XDG_RUNTIME_DIR")) {
    dirs.runtime = *runtime / "lightflow";
  } else {
    dirs.runtime =
        std::filesystem::temp_directory_path() / ("lightflow-" + std::to_string(getuid()));
  }
  return dirs;
}

Result<ServiceConfig> config_from_environment(const std::optional<std::string>& project) {
  auto layout = cortex::layout_from_environment();
  if (!layout) {
    return fail(std::move(layout).error());
  }
  std::filesystem::path root;
  if (project) {
    root = *project;
  } else if (const char* env_root = std::getenv("LIGHTFLOW_PROJECT");
             env_root != nullptr && *env_root != '\0') {
    root = env_root;
  } else {
    std::error_code ec;
    root = std::filesystem::current_path(ec);
    if (ec) {
      return fail(error_from(ec, "working directory"));
    }
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(root, ec)) {
    return fail(Code::not_found, "project root " + root.string() + ": no such directory");
  }
  ServiceConfig config;
  config.project_root = std::filesystem::absolute(root, ec).lexically_normal();
  config.ctx = std::move(*layout);
  config.dirs = xdg_from_environment();
  config.docs_dir = default_docs_dir(config.project_root);
  return config;
}

}  // namespace lf::core
