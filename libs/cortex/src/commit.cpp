#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <string>

#include <lightflow/cortex/commit.hpp>
#include <lightflow/ctxabi/abi_policy.hpp>
#include <lightflow/ctxabi/file_names.hpp>

#include "dead_mount.hpp"

namespace lf::cortex {
namespace {

// A staged name no other writer uses: <id>.<8 hex>.tmp. Eight hex digits keep
// the longest request id within NAME_MAX.
std::filesystem::path unique_staged_path(const Exchange& exchange) {
  static std::atomic<unsigned> counter{0};
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  const unsigned mix = static_cast<unsigned>(getpid()) * 2654435761U ^ static_cast<unsigned>(now)
                       ^ (counter.fetch_add(1) * 40503U);
  char tag[16];
  std::snprintf(tag, sizeof tag, ".%08x", mix);
  std::string name = exchange.request_id + tag;
  name += ctxabi::kStagedSuffix;
  return exchange.inbox_dir / name;
}

Result<void> check_inbox(const std::filesystem::path& mount, const Exchange& exchange) {
  struct stat info {};

  if (stat(exchange.inbox_dir.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode)) {
      return fail(Code::io_error, exchange.inbox_dir.string() + ": not a directory");
    }
    return {};
  }
  if (errno == ENOTCONN) {
    return fail(detail::dead_mount_error(exchange.inbox_dir));
  }
  std::error_code ec;
  const bool mount_empty =
      !std::filesystem::exists(mount, ec) || std::filesystem::is_empty(mount, ec);
  if (mount_empty) {
    return fail(Code::unavailable, "CortexFS is not mounted at " + mount.string());
  }
  return fail(Code::not_found, exchange.inbox_dir.string() + ": no such CortexFS inbox");
}

// ctxfs persists every committed request itself (its journal) before the
// rename returns, so the client's fsyncs of the staged file and the inbox would
// only add daemon round trips. Other filesystems, FUSE ones included, get them.
enum class Sync { yes, no };

bool persists_commits(const std::filesystem::path& mount) {
  static std::mutex mutex;
  static std::map<std::string, bool> known;  // mount -> is ctxfs
  const std::lock_guard lock(mutex);
  const auto found = known.find(mount.string());
  if (found != known.end()) {
    return found->second;
  }
  constexpr long kFuseSuperMagic = 0x65735546;

  struct statfs info {};

  bool ctxfs = false;
  if (statfs(mount.c_str(), &info) == 0 && static_cast<long>(info.f_type) == kFuseSuperMagic) {
    std::ifstream abi(mount / "control" / "abi");
    std::string text;
    std::getline(abi, text);
    ctxfs = text == ctxabi::kDaemonAbi;
  }
  known.emplace(mount.string(), ctxfs);
  return ctxfs;
}

Result<void> write_all(int fd,
                       std::string_view body,
                       const std::filesystem::path& path,
                       Sync sync) {
  while (!body.empty()) {
    const ssize_t n = write(fd, body.data(), body.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return fail(detail::access_error(errno, path));
    }
    body.remove_prefix(static_cast<std::size_t>(n));
  }
  if (sync == Sync::yes && fsync(fd) != 0 && errno != EINVAL && errno != ENOSYS) {
    return fail(detail::access_error(errno, path));
  }
  return {};
}

Result<void> stage(const std::filesystem::path& staged, std::string_view body, Sync sync) {
  const int fd = open(staged.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    return fail(detail::access_error(errno, staged));
  }
  auto written = write_all(fd, body, staged, sync);
  if (close(fd) != 0 && written) {
    written = fail(detail::access_error(errno, staged));
  }
  return written;
}

// Maps what a rename onto <id>.req.json can say into the ABI's meaning.
Error commit_error(int errnum, const Exchange& exchange) {
  const std::string& id = exchange.request_id;
  switch (errnum) {
    case EEXIST:
      return Error{Code::already_exists,
                   "request " + id + " is already committed: " + exchange.commit_request.string()};
    case EAGAIN:
      return Error{Code::conflict, "request " + id + " is still pending in CortexFS"};
    case EACCES:
      return Error{Code::failed_precondition,
                   "CortexFS refused request " + id + ": no usable route for its target"};
    case EINVAL:
      return Error{Code::invalid_argument,
                   "CortexFS rejected request " + id + ": invalid request or model field"};
    case ENOTCONN:
      return detail::dead_mount_error(exchange.commit_request);
    default:
      return errno_error(errnum, exchange.commit_request.string());
  }
}

Result<void> publish(const std::filesystem::path& staged, const Exchange& exchange) {
  if (renameat2(
          AT_FDCWD, staged.c_str(), AT_FDCWD, exchange.commit_request.c_str(), RENAME_NOREPLACE)
      == 0) {
    return {};
  }
  int errnum = errno;
  // Filesystems without rename flags say EINVAL; fall back to a checked plain
  // rename. The window between the check and the rename is the price of such a
  // filesystem, and ctxfs itself supports the flag.
  if (errnum == EINVAL) {
    struct stat info {};

    if (lstat(exchange.commit_request.c_str(), &info) == 0) {
      errnum = EEXIST;
    } else if (std::rename(staged.c_str(), exchange.commit_request.c_str()) == 0) {
      return {};
    } else {
      errnum = errno;
    }
  }
  return fail(commit_error(errnum, exchange));
}

void sync_directory(const std::filesystem::path& dir) {
  // Durability of the rename on ordinary filesystems; ctxfs persists by itself,
  // so an unsupported fsync on the directory is not an error.
  const int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

}  // namespace

Result<std::filesystem::path> commit_request(const std::filesystem::path& mount,
                                             const Exchange& exchange,
                                             std::string_view body) {
  const std::filesystem::path staged = unique_staged_path(exchange);
  const Sync sync = persists_commits(mount) ? Sync::no : Sync::yes;
  if (auto ok = stage(staged, body, sync); !ok) {
    unlink(staged.c_str());
    // Only a failed stage looks at the inbox, to say what is wrong: on ctxfs
    // every look is a round trip to the daemon.
    if (auto inbox = check_inbox(mount, exchange); !inbox) {
      return fail(std::move(inbox).error());
    }
    return fail(std::move(ok).error());
  }
  if (auto ok = publish(staged, exchange); !ok) {
    unlink(staged.c_str());
    return fail(std::move(ok).error());
  }
  if (sync == Sync::yes) {
    sync_directory(exchange.inbox_dir);
  }
  return exchange.commit_request;
}

}  // namespace lf::cortex
