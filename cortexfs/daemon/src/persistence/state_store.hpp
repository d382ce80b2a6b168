#pragma once

// The daemon's durable state under --state-dir: one append-only journal,
// journal.jsonl, with a line per committed request and a line per outcome.
// A request's line is durable before its commit (the rename) returns and an
// outcome's line before the outcome is published, so a restarted daemon
// re-serves outcomes and re-runs what had not finished.
//
// Durability comes from fdatasync with group commit: concurrent writers
// append under the mutex and share one fdatasync, so eight clients do not pay
// for eight disk flushes. At load the journal is compacted: rewritten to a
// temporary file, fsynced, renamed over the old one, directory fsynced. A torn
// last line (a crash mid-append) is ignored.
//
// A failed append (a full disk, an I/O error) never leaves part of a line for
// the next one to be glued onto: the journal is cut back to its last whole
// line, and a failed flush cuts back every line it did not make durable, so
// what was refused to its writer never comes back at the next load. When even
// the cut fails, the store refuses every later append.
// Thread-safety: all members are thread-safe (mutex_; taken after CtxFs's).

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "commit/request_record.hpp"
#include "persistence/durability.hpp"

namespace lf::ctxfs {

class StateStore {
 public:
  /// `dir` is created on first write; empty disables persistence.
  explicit StateStore(std::filesystem::path dir, Durability durability = Durability::fsync);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  /// Persists a committed request. Blocks until durable (Durability::fsync).
  /// On failure nothing of the record stays in the journal, and `*errnum`
  /// (when not null) is the errno that failed it (ENOSPC, EIO, ...).
  /// `*at` (when not null) receives where its line is.
  Result<void> save_request(const RequestRecord& record,
                            int* errnum = nullptr,
                            JournalSpan* at = nullptr);

  /// Persists a finished request's outcome. Blocks until durable. `*at`
  /// (when not null) receives where its line is.
  Result<void> save_outcome(const RequestRecord& record, JournalSpan* at = nullptr);

  /// The string `field` ("body" of a request line, "outcome" of an outcome
  /// line) of the journal line at `span`. Errors: io_error, corruption.
  Result<std::string> read_field(JournalSpan span, std::string_view field) const;

  /// Every persisted request in commit order, outcomes attached, and compacts
  /// the journal to exactly that; each record carries its lines' spans in the
  /// compacted journal (none when compaction failed). Unreadable lines are
  /// described in `problems`.
  std::vector<RequestRecord> load(std::vector<std::string>& problems);

 private:
  Result<void> append(const std::string& line, int* errnum, JournalSpan* at);
  Result<void> open_journal(int* errnum);  // REQUIRES: mutex_ held
  void cut_back(off_t length);             // REQUIRES: mutex_ held

  std::filesystem::path dir_;
  Durability durability_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable synced_cv_;
  int fd_ = -1;
  bool broken_ = false;        // a failed append could not be cut back
  off_t end_ = 0;              // bytes of whole lines in the journal
  off_t synced_end_ = 0;       // ... of which known durable
  std::uint64_t written_ = 0;  // lines appended
  std::uint64_t synced_ = 0;   // lines known durable
  // Line-number ranges (after, through] cut off after failed flushes; rare,
  // so a list. A waiter checks it first: a later flush may count past its line.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> dropped_;
  bool syncing_ = false;  // one writer is in fdatasync for everyone
};

}  // namespace lf::ctxfs
