// Creating, reading and updating runs. Write order and crash guarantees are
// documented in docs/run-store.md; keep the two in step.

#include "store/run_store.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include <boost/json.hpp>

#include <lightflow/base/atomic_file.hpp>
#include <lightflow/base/text_file.hpp>
#include <lightflow/base/unique_name.hpp>
#include <lightflow/core/json_text.hpp>
#include <lightflow/core/run_json.hpp>

#include "store/jsonl_log.hpp"
#include "store/manifest_cache.hpp"
#include "store/manifest_journal.hpp"
#include "store/run_lock.hpp"
#include "store/run_log_line.hpp"
#include "store/run_record.hpp"
#include "store/timestamp.hpp"

namespace lf::core {
namespace {}  // namespace

std::optional<FileStamp> file_stamp(const std::filesystem::path& path) {
  struct stat info {};

  if (::stat(path.c_str(), &info) != 0) {
    return std::nullopt;
  }
  return FileStamp{
      static_cast<std::uint64_t>(info.st_dev),
      static_cast<std::uint64_t>(info.st_ino),
      static_cast<std::int64_t>(info.st_size),
      static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

namespace {

constexpr std::string_view kManifest = kManifestBase;
// The journal may grow to the size of the base (so rewriting the base costs
// at most as much as the appends it replaces), and always to this much.
constexpr std::size_t kMinJournalBytes = 64 * 1024;
// A reader that sees the base replaced while it read retries this often.
constexpr int kReadAttempts = 5;

std::string pretty_document(const boost::json::value& value) {
  return to_pretty_json(value) + "\n";
}

FileStamp journal_stamp_of(const std::filesystem::path& path) {
  return file_stamp(path).value_or(FileStamp{});
}

// The steps an update changed: the ones its log entries name.
std::set<std::string> touched_steps(const RunChanges& changes) {
  std::set<std::string> steps;
  for (const EventEntry& entry : changes.events) {
    if (entry.step_id) {
      steps.insert(*entry.step_id);
    }
  }
  for (const LogEntry& entry : changes.trace) {
    if (entry.step_id) {
      steps.insert(*entry.step_id);
    }
  }
  return steps;
}

// Appends one patch line, first cutting off a line a crashed writer left
// unfinished (only whole lines count, so it was never applied).
Result<void> append_patch(const std::filesystem::path& path,
                          std::string_view line,
                          std::size_t valid_length) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return fail(errno_error(errno, path.string()));
  }

  struct stat info {};

  const bool created = ::fstat(fd, &info) == 0 && info.st_size == 0 && valid_length == 0;
  Result<void> ok;
  if (::ftruncate(fd, static_cast<off_t>(valid_length)) != 0
      || ::lseek(fd, static_cast<off_t>(valid_length), SEEK_SET) < 0) {
    ok = fail(errno_error(errno, path.string()));
  } else {
    ok = base::write_all(fd, line, path);
  }
  if (ok && ::fdatasync(fd) != 0) {
    ok = fail(errno_error(errno, path.string()));
  }
  ::close(fd);
  if (ok && created) {
    ok = base::sync_directory(path.parent_path());
  }
  return ok;
}

void remove_quietly(const std::filesystem::path& path) {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

// Publishes `staging` as `target` unless `target` exists: the one atomic step
// that decides which of several concurrent creates wins.
Result<void> publish_directory(const std::filesystem::path& staging,
                               const std::filesystem::path& target,
                               std::string_view run_id) {
  int rc = ::renameat2(AT_FDCWD, staging.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
  if (rc != 0 && errno == EINVAL) {
    // No rename flags on this filesystem: a plain rename still refuses to
    // replace a non-empty directory, and a published run is never empty.
    rc = std::rename(staging.c_str(), target.c_str());
  }
  if (rc == 0) {
    return {};
  }
  if (errno == EEXIST || errno == ENOTEMPTY) {
    return run_already_exists(run_id);
  }
  return fail(errno_error(errno, target.string()));
}

// Stamps and writes one update: the manifest first (a journal patch, or a new
// base when the journal has outgrown the old one), then the log lines. After
// a crash in between, the logs may miss the newest lines, but they never
// describe a change the manifest lacks and never reuse a seq. `last_seq`
// counts events only, so that their seqs are dense; trace lines carry the seq
// of the newest event.
Result<void> commit_changes(const std::filesystem::path& dir,
                            CachedManifest& state,
                            const RunChanges& changes,
                            Durability log_durability,
                            std::vector<RunEvent>* written) {
  RunManifest& manifest = state.manifest;
  const std::uint64_t first_seq = manifest.last_seq + 1;
  manifest.last_seq += changes.events.size();
  manifest.updated_at = now_rfc3339();
  const std::set<std::string> touched = touched_steps(changes);
  // An update of most steps (a run served from cache in one round) is about
  // as large as the base, so it goes straight into a new base.
  const bool most_steps = touched.size() > 1 && touched.size() * 2 > manifest.steps.size();
  const std::string patch =
      most_steps ? std::string() : manifest_patch_line(manifest, state.generation, touched);
  const auto base_size = static_cast<std::size_t>(std::max<std::int64_t>(state.stamp.size, 0));
  if (!most_steps && state.journal_length + patch.size() <= std::max(base_size, kMinJournalBytes)) {
    if (auto ok = append_patch(dir / kManifestJournal, patch, state.journal_length); !ok) {
      return ok;
    }
    state.journal_length += patch.size();
  } else {
    // Journal lines of the old generation no longer apply once the new base
    // is in place, so emptying the journal afterwards needs no sync.
    const std::uint64_t generation = state.generation + 1;
    if (auto ok = base::write_file_atomically(dir / kManifest,
                                              manifest_base_document(manifest, generation));
        !ok) {
      return ok;
    }
    state.generation = generation;
    state.journal_length = 0;
    if (::truncate((dir / kManifestJournal).c_str(), 0) != 0 && errno != ENOENT) {
      return fail(errno_error(errno, (dir / kManifestJournal).string()));
    }
  }
  std::vector<RunEvent> stamped =
      stamp_events(changes.events, manifest, manifest.updated_at, first_seq);
  const std::string events = format_event_lines(stamped);
  const std::string trace =
      format_trace_lines(changes.trace, manifest.run_id, manifest.updated_at, manifest.last_seq);
  for (const auto& [name, lines] :
       {std::pair{"events.jsonl", &events}, std::pair{"trace.jsonl", &trace}}) {
    if (lines->empty()) {
      continue;
    }
    if (auto ok = append_jsonl(dir / name, *lines, log_durability == Durability::immediate); !ok) {
      return ok;
    }
  }
  if (written != nullptr) {
    written->insert(written->end(),
                    std::make_move_iterator(stamped.begin()),
                    std::make_move_iterator(stamped.end()));
  }
  return {};
}

// Temp files a writer killed mid-write left in the run directory. Only called
// under the run lock, when no other writer of this run can be active.
void remove_stale_temps(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with('.') && name.ends_with(".tmp")) {
      std::filesystem::remove(entry.path(), ec);
    }
  }
}

}  // namespace

RunStore::RunStore(const std::filesystem::path& state_dir, Durability log_durability)
    : runs_dir_(state_dir / "runs"), log_durability_(log_durability) {}

std::filesystem::path RunStore::run_dir(std::string_view run_id) const {
  return runs_dir_ / std::string(run_id);
}

std::filesystem::path RunStore::outputs_dir(std::string_view run_id) const {
  return run_dir(run_id) / "outputs";
}

Result<void> RunStore::stage(const std::filesystem::path& dir, const NewRun& run) const {
  const RunManifest& manifest = run.manifest;
  // Run records hold prompts and answers: only their owner may read them.
  if (::mkdir(dir.c_str(), 0700) != 0) {
    return fail(errno_error(errno, dir.string()));
  }
  if (::mkdir((dir / "outputs").c_str(), 0700) != 0) {
    return fail(errno_error(errno, (dir / "outputs").string()));
  }
  // Nobody can see the staging directory, so each file is written once and
  // fsynced; the directory rename below is what publishes them together.
  const std::string events =
      format_event_lines(stamp_events(run.events, manifest, manifest.created_at, 1));
  const std::pair<std::string_view, std::string> files[] = {
      {"request.json", pretty_document(run.request)},
      {"resolved_workflow.json", pretty_document(run.resolved_workflow)},
      {"events.jsonl", events},
      {"trace.jsonl", std::string()},
      {kManifest, manifest_base_document(manifest, 0)},
  };
  for (const auto& [name, content] : files) {
    if (auto ok = base::write_new_file(dir / name, content); !ok) {
      return ok;
    }
  }
  if (auto ok = base::sync_directory(dir / "outputs"); !ok) {
    return ok;
  }
  return base::sync_directory(dir);
}

Result<CachedManifest> RunStore::create(NewRun run) {
  // Both the state directory and runs/ are the owner's alone (0700), also
  // when they were made by an earlier version under a looser umask.
  for (const auto& dir : {runs_dir_.parent_path(), runs_dir_}) {
    if (auto ok = base::make_private_directories(dir); !ok) {
      return fail(std::move(ok).error());
    }
  }
  clean_stale_staging();
  RunManifest& manifest = run.manifest;
  const std::filesystem::path target = run_dir(manifest.run_id);
  if (::access(target.c_str(), F_OK) == 0) {
    return run_already_exists(manifest.run_id);
  }
  manifest.created_at = now_rfc3339();
  manifest.updated_at = manifest.created_at;
  manifest.last_seq = run.events.size();
  const std::filesystem::path staging = runs_dir_ / (".creating-" + base::unique_token());
  if (auto ok = stage(staging, run); !ok) {
    remove_quietly(staging);
    return fail(std::move(ok).error());
  }
  // Renaming the directory changes neither the file's inode nor its times.
  const FileStamp written = file_stamp(staging / kManifest).value_or(FileStamp{});
  if (auto ok = publish_directory(staging, target, manifest.run_id); !ok) {
    remove_quietly(staging);
    return fail(std::move(ok).error());
  }
  if (auto ok = base::sync_directory(runs_dir_); !ok) {
    return fail(std::move(ok).error());
  }
  return CachedManifest{std::move(run.manifest), written, FileStamp{}, 0, 0};
}

Result<CachedManifest> RunStore::load(std::string_view run_id) const {
  auto loaded = load_shared(run_id);
  if (!loaded) {
    return fail(std::move(loaded).error());
  }
  return **loaded;
}

Result<std::shared_ptr<const CachedManifest>> RunStore::load_shared(std::string_view run_id) const {
  const std::filesystem::path dir = run_dir(run_id);
  const std::filesystem::path path = dir / kManifest;
  ManifestCache& cache = ManifestCache::shared();
  for (int attempt = 1;; ++attempt) {
    const auto before = file_stamp(path);
    if (before) {
      // Unchanged since this process last read it: no read, no parse.
      if (auto cached =
              cache.find(path.native(), *before, journal_stamp_of(dir / kManifestJournal))) {
        return cached;
      }
    }
    auto text = base::read_text_file(path);
    if (!text) {
      if (text.error().code == Code::not_found) {
        return run_not_found(run_id);
      }
      return fail(std::move(text).error());
    }
    const FileStamp journal = journal_stamp_of(dir / kManifestJournal);
    auto patches = base::read_text_file(dir / kManifestJournal);
    if (!patches && patches.error().code != Code::not_found) {
      return fail(std::move(patches).error());
    }
    // A writer that replaced the base meanwhile may have emptied the journal
    // this read missed: read both again.
    const auto after = file_stamp(path);
    const bool steady = before && after && *before == *after;
    if (!steady && attempt < kReadAttempts) {
      continue;
    }
    auto loaded = load_manifest(*text, patches ? *patches : std::string(), path.string());
    if (!loaded) {
      return fail(std::move(loaded).error());
    }
    if (loaded->manifest.run_id != run_id) {
      // A copied or renamed run directory: refuse rather than cross-write.
      return fail(
          path_error(Code::corruption,
                     path.string(),
                     "names run " + loaded->manifest.run_id + ", not " + std::string(run_id))
              .about(Subject::run, run_id));
    }
    auto read = std::make_shared<const CachedManifest>(CachedManifest{std::move(loaded->manifest),
                                                                      steady ? *after : FileStamp{},
                                                                      journal,
                                                                      loaded->generation,
                                                                      loaded->journal_length});
    cache.remember(path.native(), read);
    return read;
  }
}

Result<RunManifest> RunStore::read(std::string_view run_id) const {
  auto loaded = load_shared(run_id);
  if (!loaded) {
    return fail(std::move(loaded).error());
  }
  return (*loaded)->manifest;
}

Result<std::shared_ptr<const std::string>> RunStore::read_json(std::string_view run_id) const {
  auto loaded = load_shared(run_id);
  if (!loaded) {
    return fail(std::move(loaded).error());
  }
  return ManifestCache::shared().json_text((run_dir(run_id) / kManifest).native(), *loaded);
}

Result<RunManifest> RunStore::read_locked(std::string_view run_id) const {
  auto lock = RunLock::acquire(run_dir(run_id));
  if (!lock) {
    return fail(std::move(lock).error());
  }
  return read(run_id);
}

Result<CachedManifest> RunStore::read_cached(std::string_view run_id) const {
  return load(run_id);
}

Result<boost::json::value> RunStore::read_document(std::string_view run_id,
                                                   std::string_view name) const {
  if (::access((run_dir(run_id) / kManifest).c_str(), F_OK) != 0) {
    return run_not_found(run_id);
  }
  const std::filesystem::path path = run_dir(run_id) / std::string(name);
  auto text = base::read_text_file(path);
  if (!text && text.error().code == Code::not_found) {
    // Every run is created with its documents: one missing is damage.
    return fail(path_error(Code::corruption, path.string(), "recorded by the run but missing")
                    .about(Subject::run, run_id));
  }
  if (!text) {
    return fail(std::move(text).error());
  }
  return parse_json_document(*text, path.string());
}

Result<std::string> RunStore::read_log(std::string_view run_id, std::string_view name) const {
  if (::access((run_dir(run_id) / kManifest).c_str(), F_OK) != 0) {
    return run_not_found(run_id);
  }
  auto text = base::read_text_file(run_dir(run_id) / std::string(name));
  if (!text && text.error().code == Code::not_found) {
    return std::string();
  }
  return text;
}

Result<RunManifest> RunStore::update(std::string_view run_id, const RunMutation& mutation) const {
  std::optional<CachedManifest> cache;
  if (auto ok = update_cached(run_id, mutation, cache); !ok) {
    return fail(std::move(ok).error());
  }
  return std::move(cache->manifest);
}

Result<RunEvents> RunStore::read_events(std::string_view run_id, std::uint64_t after_seq) const {
  auto text = read_log(run_id, "events.jsonl");
  if (!text) {
    return fail(std::move(text).error());
  }
  return parse_event_lines(*text, run_id, after_seq);
}

Result<void> RunStore::update_cached(std::string_view run_id,
                                     const RunMutation& mutation,
                                     std::optional<CachedManifest>& cache,
                                     std::vector<RunEvent>* written) const {
  auto lock = RunLock::acquire(run_dir(run_id));
  if (!lock) {
    cache.reset();
    return fail(std::move(lock).error());
  }
  const std::filesystem::path dir = run_dir(run_id);
  std::optional<CachedManifest> state;
  if (cache && file_stamp(dir / kManifest) == cache->stamp
      && journal_stamp_of(dir / kManifestJournal) == cache->journal_stamp) {
    state = std::move(cache);
  } else {
    auto read_back = load(run_id);
    if (!read_back) {
      cache.reset();
      return fail(std::move(read_back).error());
    }
    state = std::move(*read_back);
  }
  cache.reset();
  remove_stale_temps(dir);
  auto changes = mutation(state->manifest);
  if (!changes) {
    return fail(std::move(changes).error());
  }
  if (changes->changed) {
    if (auto ok = commit_changes(dir, *state, *changes, log_durability_, written); !ok) {
      return fail(std::move(ok).error());
    }
    // A stamp that cannot be read never matches, so the next update reads again.
    state->stamp = file_stamp(dir / kManifest).value_or(FileStamp{});
    state->journal_stamp = journal_stamp_of(dir / kManifestJournal);
  }
  cache = std::move(state);
  return {};
}

}  // namespace lf::core
