// Listing, deleting and garbage-collecting run directories.

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/base/unique_name.hpp>
#include <lightflow/base/utf8.hpp>

#include "store/manifest_cache.hpp"
#include "store/run_id.hpp"
#include "store/run_lock.hpp"
#include "store/run_store.hpp"

namespace lf::core {
namespace {

constexpr std::string_view kCreatingPrefix = ".creating-";
constexpr std::string_view kDeletingPrefix = ".deleting-";
// A staging directory whose creator we cannot check (another pid namespace,
// a reused pid) counts as abandoned after this long.
constexpr std::chrono::hours kStagingMaxAge{1};

// The pid in ".creating-<pid>-<hex>", or 0.
long staging_owner(std::string_view name) {
  name.remove_prefix(kCreatingPrefix.size());
  long pid = 0;
  for (char c : name) {
    if (c < '0' || c > '9') {
      break;
    }
    pid = pid * 10 + (c - '0');
  }
  return pid;
}

bool is_abandoned(const std::filesystem::path& path, std::string_view name) {
  const long pid = staging_owner(name);
  if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
    return true;
  }

  struct stat info {};

  if (::stat(path.c_str(), &info) != 0) {
    return false;
  }
  const auto modified = std::chrono::system_clock::from_time_t(info.st_mtime);
  return std::chrono::system_clock::now() - modified > kStagingMaxAge;
}

// Listings are JSON, which must be UTF-8: a directory name (or a state
// directory) with other bytes is shown with those bytes escaped.
RunProblem printable_problem(RunProblem problem) {
  problem.run_id = base::printable_utf8(problem.run_id);
  problem.path = base::printable_utf8(problem.path.string());
  problem.message = base::printable_utf8(problem.message);
  return problem;
}

bool older(const RunStatusSummary& a, const RunStatusSummary& b) {
  if (a.created_at != b.created_at) {
    return a.created_at < b.created_at;
  }
  return a.run_id < b.run_id;
}

}  // namespace

void RunStore::clean_stale_staging() const {
  DIR* dir = ::opendir(runs_dir_.c_str());
  if (dir == nullptr) {
    return;
  }
  std::vector<std::filesystem::path> stale;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    const std::filesystem::path path = runs_dir_ / entry->d_name;
    if (name.starts_with(kDeletingPrefix)
        || (name.starts_with(kCreatingPrefix) && is_abandoned(path, name))) {
      stale.push_back(path);
    }
  }
  ::closedir(dir);
  for (const auto& path : stale) {
    std::error_code ignored;  // a concurrent cleaner may be removing it too
    std::filesystem::remove_all(path, ignored);
  }
}

Result<void> RunStore::remove(std::string_view run_id) const {
  const std::filesystem::path dir = run_dir(run_id);
  const std::filesystem::path doomed =
      runs_dir_ / (std::string(kDeletingPrefix) + base::unique_token());
  {
    auto lock = RunLock::acquire(dir);
    if (!lock) {
      return fail(std::move(lock).error());
    }
    if (::access((dir / "manifest.json").c_str(), F_OK) != 0) {
      return run_not_found(run_id);
    }
    // Renamed under the lock, so a writer waiting for the lock finds the run
    // gone (RunLock re-checks the lock file) instead of writing into it.
    if (std::rename(dir.c_str(), doomed.c_str()) != 0) {
      return fail(errno_error(errno, dir.string()));
    }
  }
  ManifestCache::shared().forget((dir / "manifest.json").native());
  auto synced = base::sync_directory(runs_dir_);
  std::error_code ec;
  std::filesystem::remove_all(doomed, ec);
  if (!synced) {
    return synced;
  }
  return {};
}

RunListing RunStore::list() const {
  RunListing listing;
  DIR* dir = ::opendir(runs_dir_.c_str());
  if (dir == nullptr) {
    if (errno != ENOENT) {
      listing.problems.push_back(printable_problem(RunProblem{
          "", runs_dir_, Code::io_error, errno_error(errno, runs_dir_.string()).message}));
    }
    return listing;
  }
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir)) {
    // Staging, deletion and temp names start with '.'; plain files are not runs.
    const bool maybe_directory =
        entry->d_type == DT_DIR || entry->d_type == DT_LNK || entry->d_type == DT_UNKNOWN;
    if (entry->d_name[0] != '.' && maybe_directory) {
      names.emplace_back(entry->d_name);
    }
  }
  ::closedir(dir);
  // A name no run can have (put there by hand, or by an earlier version that
  // accepted any bytes) is reported, never read.
  const auto read_listed = [this](const std::string& name) -> Result<RunManifest> {
    if (auto ok = validate_run_id(name); !ok) {
      return fail(std::move(ok).error());
    }
    return read(name);
  };
  for (const std::string& name : names) {
    auto manifest = read_listed(name);
    if (manifest) {
      listing.runs.push_back(summarize(*manifest));
      continue;
    }
    listing.problems.push_back(printable_problem(RunProblem{
        name, run_dir(name) / "manifest.json", manifest.error().code, manifest.error().message}));
  }
  std::sort(listing.runs.begin(), listing.runs.end(), older);
  std::sort(listing.problems.begin(),
            listing.problems.end(),
            [](const RunProblem& a, const RunProblem& b) { return a.run_id < b.run_id; });
  return listing;
}

}  // namespace lf::core
