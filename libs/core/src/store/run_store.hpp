#pragma once

// The run store: one directory per run under <state>/runs/ (docs/run-store.md).
// Creation is exclusive and all-or-nothing (a private staging directory renamed
// into place with RENAME_NOREPLACE); every later change to a run goes through
// update(), which holds the run's lock for the whole read-modify-write.
// Thread-safety: a RunStore may be used from several threads and processes at
// once; reads never block, updates of one run are serialised.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_events.hpp>
#include <lightflow/core/run_types.hpp>

#include "store/request_log.hpp"

namespace lf::core {

/// The largest run inputs, as compact JSON: create refuses more with
/// invalid_argument (docs/run-store.md).
inline constexpr std::size_t kMaxInputsBytes = std::size_t{1} << 20U;

/// One events.jsonl line before the store stamps it with its seq, time and
/// the step's attempt, provider and model (RunEvent).
struct EventEntry {
  EventKind kind = EventKind::run_created;
  std::optional<std::string> step_id;
  std::optional<std::string> detail;
};

/// One trace.jsonl line before the store stamps it; `detail` is written as
/// "path".
struct LogEntry {
  std::string event;
  std::optional<std::string> step_id;
  std::optional<std::string> detail;
};

/// When a file written into a run must be on disk: at once (fsync before the
/// call returns), or deferred to the next sync_outputs(), which a batch of
/// writes calls once before the manifest that names them is written.
enum class Durability { immediate, deferred };

/// What a mutation did. With `changed` false nothing is written. Every change
/// to a step must come with an event or trace entry naming the step: the
/// manifest journal stores exactly the steps the entries name.
struct RunChanges {
  bool changed = false;
  std::vector<EventEntry> events;
  std::vector<LogEntry> trace;
};

/// Everything a new run starts with.
struct NewRun {
  RunManifest manifest;  ///< created_at, updated_at and last_seq are set by create()
  boost::json::value request;
  boost::json::value resolved_workflow;
  std::vector<EventEntry> events;  ///< e.g. run.created
};

/// Identifies one version of manifest.json: every write replaces the file by a
/// rename, so a new write means a new inode (and mtime).
struct FileStamp {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
  friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

/// The stamp of a file, or std::nullopt when it cannot be stat'ed.
std::optional<FileStamp> file_stamp(const std::filesystem::path& path);

/// "<device>:<inode>:<size>:<mtime ns>" of a file, or std::nullopt: changes
/// whenever the file is replaced or written.
std::optional<std::string> output_stamp(const std::filesystem::path& path);

/// A manifest this process read or wrote, and the versions of manifest.json
/// and manifest.journal it matches (manifest_journal.hpp). A long-running
/// writer (the scheduler) keeps one so that update() skips reading the
/// manifest again when nobody else changed it.
struct CachedManifest {
  RunManifest manifest;
  FileStamp stamp;          ///< manifest.json; {} never matches
  FileStamp journal_stamp;  ///< manifest.journal; {} while it does not exist
  std::uint64_t generation = 0;
  std::size_t journal_length = 0;  ///< bytes of whole journal lines
};

/// Changes `manifest` in place while the run's lock is held. Returning an
/// error aborts the update with nothing written.
using RunMutation = std::function<Result<RunChanges>(RunManifest& manifest)>;

class RunStore {
 public:
  /// The store under `state_dir` (runs live in <state_dir>/runs). Creates
  /// nothing. With `log_durability` deferred, update() appends events and
  /// trace lines without syncing them: for a writer that calls sync_outputs()
  /// before each update and once when it is done (the scheduler), which makes
  /// them durable a round later at no extra cost.
  explicit RunStore(const std::filesystem::path& state_dir,
                    Durability log_durability = Durability::immediate);

  const std::filesystem::path& runs_dir() const noexcept { return runs_dir_; }

  std::filesystem::path run_dir(std::string_view run_id) const;
  std::filesystem::path outputs_dir(std::string_view run_id) const;

  /// Publishes a new run. Returns the stored manifest with the version of the
  /// file it wrote, ready to seed update_cached (a write by anyone else after
  /// the publication changes that version). Errors: already_exists "run <id>
  /// already exists" (also when another process wins a concurrent create of the same
  /// id); io_error. A failure leaves no trace under runs/<id>.
  /// REQUIRES: the run id is valid (validate_run_id).
  Result<CachedManifest> create(NewRun run);

  /// The manifest. Errors: not_found "run <id>", corruption, io_error.
  Result<RunManifest> read(std::string_view run_id) const;

  /// The JSON text of read()'s manifest, exactly serialize(to_json(manifest)),
  /// made once per version of the run's files and shared, immutable, by every
  /// caller until the files change. Errors: as read().
  Result<std::shared_ptr<const std::string>> read_json(std::string_view run_id) const;

  /// The manifest, read while holding the run's lock: no update is under way,
  /// so it matches events.jsonl up to its last_seq. Errors: as read().
  Result<RunManifest> read_locked(std::string_view run_id) const;

  /// The manifest with the version of manifest.json it was read from, ready
  /// to seed update_cached. Errors: as read().
  Result<CachedManifest> read_cached(std::string_view run_id) const;

  /// A stored JSON document of the run (request.json, resolved_workflow.json).
  Result<boost::json::value> read_document(std::string_view run_id, std::string_view name) const;

  /// events.jsonl or trace.jsonl as text ("" when absent); not_found if the run is.
  Result<std::string> read_log(std::string_view run_id, std::string_view name) const;

  /// Applies `mutation` under the run lock, then writes the manifest (with
  /// updated_at and the new last_seq) and appends the log lines. Returns the
  /// manifest as stored (or as read, when nothing changed).
  Result<RunManifest> update(std::string_view run_id, const RunMutation& mutation) const;

  /// The same, reusing `cache` when manifest.json is still the version it
  /// holds. On success `cache` holds the manifest as stored (no copy is made
  /// for the caller, who reads it there); on failure it is reset. With
  /// `written`, the events the update wrote are appended to it as saved.
  Result<void> update_cached(std::string_view run_id,
                             const RunMutation& mutation,
                             std::optional<CachedManifest>& cache,
                             std::vector<RunEvent>* written = nullptr) const;

  /// The events of events.jsonl above `after_seq` (RunEvents::finished is
  /// left false: the store does not know about executors). Errors: not_found
  /// "run <id>"; io_error.
  Result<RunEvents> read_events(std::string_view run_id, std::uint64_t after_seq) const;

  /// Writes `content` atomically as outputs/<file_name>; returns its path.
  Result<std::filesystem::path> write_output(std::string_view run_id,
                                             std::string_view file_name,
                                             std::string_view content,
                                             Durability durability = Durability::immediate) const;

  /// keep_request for several requests, with one append. A copy whose step,
  /// attempt and body the file already holds (kept before a crash) is not
  /// appended again.
  Result<std::filesystem::path> keep_requests(std::string_view run_id,
                                              const std::vector<RequestCopy>& copies,
                                              Durability durability) const;

  /// Where keep_request() keeps request bodies: outputs/requests.jsonl.
  std::filesystem::path requests_path(std::string_view run_id) const;

  /// Keeps `body`, the request the attempt `attempt` of `step_id` committed
  /// (or was served for), as one line {"step_id","attempt","body"} of
  /// outputs/requests.jsonl, and returns that file's path. One file for all
  /// requests: a file per request cost more than the rest of a step. Safe from
  /// several threads at once (each line is one O_APPEND write).
  Result<std::filesystem::path> keep_request(std::string_view run_id,
                                             std::string_view step_id,
                                             int attempt,
                                             std::string_view body,
                                             Durability durability = Durability::immediate) const;

  /// The bodies keep_request() kept, by step id and attempt (the newest line
  /// wins). Runs written before requests.jsonl kept each request as
  /// outputs/<step>.<attempt>.request.json; those files are read too.
  Result<std::map<std::pair<std::string, int>, std::string>> kept_requests(
      std::string_view run_id) const;

  /// write_output for content that another file may already hold: when
  /// `origin` (typically an earlier run's output) still has `origin_stamp`,
  /// its output_stamp() from when it was known to hold `content`, it is
  /// hard-linked as outputs/<file_name> instead of written again; otherwise,
  /// or when linking fails (another filesystem, say), `content` is written.
  Result<std::filesystem::path> reuse_output(std::string_view run_id,
                                             std::string_view file_name,
                                             std::string_view content,
                                             const std::optional<std::filesystem::path>& origin,
                                             const std::optional<std::string>& origin_stamp,
                                             Durability durability = Durability::immediate) const;

  /// Makes every deferred write of the run durable (syncfs): outputs, so that
  /// a manifest naming them can follow, and deferred log lines. Errors: io_error.
  Result<void> sync_outputs(std::string_view run_id) const;

  /// Removes the run: renamed out of sight under its lock, then deleted.
  /// Errors: not_found "run <id>".
  Result<void> remove(std::string_view run_id) const;

  /// Every run whose manifest reads back, oldest first; unreadable run
  /// directories become problems. Reads nothing but each manifest (base and journal).
  RunListing list() const;

 private:
  Result<CachedManifest> load(std::string_view run_id) const;
  /// load() without the copy: the cache's own entry when it matches.
  Result<std::shared_ptr<const CachedManifest>> load_shared(std::string_view run_id) const;
  Result<void> stage(const std::filesystem::path& dir, const NewRun& run) const;
  void clean_stale_staging() const;

  std::filesystem::path runs_dir_;
  Durability log_durability_;
  // Shared by copies of this store: what each requests.jsonl holds.
  std::shared_ptr<RequestLogs> request_logs_ = std::make_shared<RequestLogs>();
};

}  // namespace lf::core
