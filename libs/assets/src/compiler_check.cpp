#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include <lightflow/assets/compiler_check.hpp>
#include <lightflow/assets/static_reader.hpp>
#include <lightflow/base/text_file.hpp>

extern char** environ;

namespace lf::assets {
namespace {

namespace fs = std::filesystem;

struct Spawned {
  int exit_code = -1;
  std::string output;
};

// Runs argv with stdout and stderr captured into one pipe and waits for it.
Result<Spawned> run(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return fail(errno_error(errno, "pipe"));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  std::vector<char*> argv;
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    return fail(Code::unavailable,
                "cannot run " + args[0] + ": " + std::generic_category().message(rc));
  }
  Spawned out;
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) {
      out.output.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (out.exit_code == 127) {
    return fail(Code::unavailable, "cannot run " + args[0] + ": " + out.output);
  }
  return out;
}

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

// A directory only this process writes in, removed with everything in it.
class PrivateDir {
 public:
  static Result<PrivateDir> create() {
    std::error_code ec;
    std::string pattern = (fs::temp_directory_path(ec) / "lightflow-asset-XXXXXX").string();
    if (ec) {
      return fail(error_from(ec, "temporary directory"));
    }
    if (::mkdtemp(pattern.data()) == nullptr) {
      return fail(errno_error(errno, pattern));
    }
    return PrivateDir(pattern);
  }

  PrivateDir(PrivateDir&& other) noexcept : path_(std::exchange(other.path_, {})) {}

  PrivateDir& operator=(PrivateDir&&) = delete;
  PrivateDir(const PrivateDir&) = delete;
  PrivateDir& operator=(const PrivateDir&) = delete;

  ~PrivateDir() {
    if (!path_.empty()) {
      std::error_code ec;
      fs::remove_all(path_, ec);
    }
  }

  const fs::path& path() const noexcept { return path_; }

 private:
  explicit PrivateDir(fs::path path) : path_(std::move(path)) {}

  fs::path path_;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

Result<Spawned> compile(const fs::path& path, const CompilerSetup& compiler) {
  return run({compiler.command,
              "-std=c++20",
              "-fsyntax-only",
              "-Wall",
              "-Wextra",
              "-I" + compiler.include_dir.string(),
              path.string()});
}

}  // namespace

fs::path asset_header_include_dir() {
  if (const char* env = std::getenv("LIGHTFLOW_ASSET_INCLUDE_DIR");
      env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  const fs::path exe_dir = executable_dir();
  if (!exe_dir.empty()) {
    const fs::path installed = (exe_dir / ".." / "include").lexically_normal();
    if (fs::exists(installed / "lightflow" / "asset.hpp", ec)) {
      return installed;
    }
  }
  if (fs::exists(fs::path(LF_ASSETS_HEADER_SOURCE_DIR) / "lightflow" / "asset.hpp", ec)) {
    return LF_ASSETS_HEADER_SOURCE_DIR;
  }
  return LF_ASSETS_HEADER_INSTALL_DIR;
}

std::string asset_compiler() {
  const char* env = std::getenv("LIGHTFLOW_CXX");
  return env != nullptr && *env != '\0' ? env : "c++";
}

CompilerSetup compiler_setup_from_environment() {
  return CompilerSetup{asset_compiler(), asset_header_include_dir()};
}

Result<CheckReport> check_asset(const fs::path& path, const CompilerSetup& compiler) {
  CheckReport report;
  report.path = path.string();
  auto compiled = compile(path, compiler);
  if (!compiled) {
    return fail(compiled.error());
  }
  report.compiles = compiled->exit_code == 0;
  report.compiler_output = std::move(compiled->output);
  Diagnostic d;
  if (!read_asset_file(path, &d)) {
    report.reader_error = std::move(d);
  }
  return report;
}

Result<CheckReport> check_asset_source(std::string_view source,
                                       const fs::path& shown_path,
                                       const CompilerSetup& compiler) {
  auto dir = PrivateDir::create();
  if (!dir) {
    return fail(std::move(dir).error());
  }
  const fs::path file = dir->path() / shown_path.filename();
  if (auto written = base::write_new_file(file, source); !written) {
    return fail(std::move(written).error());
  }
  auto compiled = compile(file, compiler);
  if (!compiled) {
    return fail(compiled.error());
  }
  CheckReport report;
  report.path = shown_path.string();
  report.compiles = compiled->exit_code == 0;
  report.compiler_output = replace_all(compiled->output, file.string(), report.path);
  Diagnostic d;
  if (!read_asset_source(source, report.path, &d)) {
    report.reader_error = std::move(d);
  }
  return report;
}

Result<std::vector<CheckReport>> check_assets(const std::vector<fs::path>& paths,
                                              const CompilerSetup& compiler) {
  std::vector<std::optional<Result<CheckReport>>> results(paths.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      results[i] = check_asset(paths[i], compiler);
    }
  };
  // Compilers are CPU-bound: one per CPU keeps the machine busy, no more.
  const std::size_t wanted =
      std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), paths.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < wanted; ++t) {
    try {
      threads.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  work();
  for (auto& thread : threads) {
    thread.join();
  }
  std::vector<CheckReport> reports;
  for (auto& r : results) {
    if (!*r) {
      return fail(std::move(*r).error());
    }
    reports.push_back(std::move(**r));
  }
  return reports;
}

}  // namespace lf::assets
