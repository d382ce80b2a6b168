#include "ctxfs_mount.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <thread>

namespace ctxfs_test {
namespace {

// Reads the mount table rather than stat()ing the path: a mount whose
// daemon died answers stat with ENOTCONN but must still be unmounted.
bool mounted(const std::filesystem::path& mount) {
  std::ifstream table("/proc/self/mounts");
  std::string device;
  std::string point;
  std::string rest;
  while (table >> device >> point && std::getline(table, rest)) {
    if (point == mount.string()) {
      return true;
    }
  }
  return false;
}

void unmount(const std::filesystem::path& mount) {
  if (!mounted(mount)) {
    return;
  }
  lf_test::run_process({find_program("fusermount3"), "-u", mount.string()},
                       {{}, {}, {}, std::chrono::milliseconds(5000)});
  if (mounted(mount)) {
    lf_test::run_process({find_program("fusermount3"), "-uz", mount.string()},
                         {{}, {}, {}, std::chrono::milliseconds(5000)});
  }
}

}  // namespace

std::string find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto end = dirs.find(':', start);
    const auto candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return {};
}

void skip_unless_fuse() {
  const bool dev = ::access("/dev/fuse", R_OK | W_OK) == 0;
  if (!dev || find_program("fusermount3").empty()) {
    std::fprintf(stderr, "SKIP: /dev/fuse or fusermount3 is not usable here\n");
    std::exit(77);
  }
}

CtxfsMount::CtxfsMount(MountOptions options)
    : mount_(dir_ / "mnt"), state_(dir_ / "state"), config_(dir_ / "config") {
  std::filesystem::create_directories(mount_);
  start(options);
}

CtxfsMount::~CtxfsMount() {
  try {
    stop(/*crash=*/false);
  } catch (...) {
    // Best effort: a failing cleanup must not mask the test's own result.
  }
}

std::filesystem::path CtxfsMount::home() const {
  return mount_ / "home" / std::to_string(::getuid());
}

std::filesystem::path CtxfsMount::inbox(const std::string& format) const {
  return home() / "api" / format / "inbox";
}

std::filesystem::path CtxfsMount::outbox(const std::string& format) const {
  return home() / "api" / format / "outbox";
}

void CtxfsMount::start(const MountOptions& options) {
  std::vector<std::string> argv = {lf_test::binary_from_env("CTXFS_BIN").string(),
                                   "mount",
                                   mount_.string(),
                                   "--state-dir",
                                   state_.string(),
                                   "--config-dir",
                                   config_.string()};
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  lf_test::ProcessOptions process;
  process.env = options.env;
  for (const char* name :
       {"CORTEXFS_OPENAI_BASE_URL", "CORTEXFS_OPENAI_API_KEY", "CORTEXFS_OPENAI_MODEL"}) {
    process.env.emplace(name, std::nullopt);
  }
  daemon_ = std::make_unique<lf_test::BackgroundProcess>(argv, process, dir_ / "daemon.log");
  // Served, not only in the table: a dead endpoint left by a crash is listed
  // too, but answers ENOTCONN until the new daemon has replaced it.
  const auto serving = [this] {
    return mounted(mount_) && ::access((mount_ / "status").c_str(), F_OK) == 0;
  };
  for (int i = 0; i < 500 && !serving(); ++i) {
    if (!daemon_->running()) {
      throw std::runtime_error("ctxfs exited before mounting: " + daemon_log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!serving()) {
    throw std::runtime_error("ctxfs did not mount within 5 s");
  }
}

int CtxfsMount::wait_daemon_exit() {
  return daemon_ ? daemon_->stop(0) : -1;
}

void CtxfsMount::start_over(MountOptions options) {
  if (daemon_) {
    daemon_->stop(SIGKILL);  // reaped; its mount stays behind
  }
  start(options);
}

std::string CtxfsMount::daemon_log() const {
  std::ifstream in(dir_ / "daemon.log");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void CtxfsMount::stop(bool crash) {
  if (crash && daemon_) {
    daemon_->stop(SIGKILL);
  }
  unmount(mount_);
  if (daemon_) {
    daemon_->stop(SIGTERM);
    daemon_.reset();
  }
  unmount(mount_);
}

int CtxfsMount::signal_daemon(int signal) {
  return daemon_ ? daemon_->stop(signal) : -1;
}

bool CtxfsMount::is_mounted() const {
  return mounted(mount_);
}

void CtxfsMount::restart(MountOptions options, bool crash) {
  stop(crash);
  start(options);
}

void write_text(const std::filesystem::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    throw std::runtime_error("open " + path.string() + ": " + std::strerror(errno));
  }
  const ssize_t n = ::write(fd, content.data(), content.size());
  const int err = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(content.size())) {
    throw std::runtime_error("write " + path.string() + ": " + std::strerror(err));
  }
}

std::string read_text(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    throw std::runtime_error("open " + path.string() + ": " + std::strerror(errno));
  }
  std::string out;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n <= 0) {
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

int rename_errno(const std::filesystem::path& from,
                 const std::filesystem::path& to,
                 unsigned flags) {
  const int rc = ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags);
  return rc == 0 ? 0 : errno;
}

int commit(const std::filesystem::path& inbox, const std::string& id, const std::string& body) {
  write_text(inbox / (id + ".tmp"), body);
  return rename_errno(inbox / (id + ".tmp"), inbox / (id + ".req.json"));
}

std::string wait_outcome(const std::filesystem::path& outbox,
                         const std::string& id,
                         std::chrono::milliseconds timeout) {
  const auto path = outbox / (id + ".wait");
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    throw std::runtime_error("open " + path.string() + ": " + std::strerror(errno));
  }
  pollfd pfd{fd, POLLIN, 0};
  const int ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  std::string out;
  if (ready == 1) {
    char buffer[16];
    const ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      out.assign(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

std::string chat_body(const std::string& text, const std::string& model) {
  std::string body = "{";
  if (!model.empty()) {
    body += "\"model\":\"" + model + "\",";
  }
  return body + "\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
}

}  // namespace ctxfs_test
