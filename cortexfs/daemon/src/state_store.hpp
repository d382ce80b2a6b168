#pragma once

// The daemon's durable state under --state-dir: requests/<id>.json for every
// committed request and outcomes/<id>.resp.json or <id>.error for finished
// ones. Each file is written atomically and durably before the daemon
// acknowledges the commit or publishes the outcome, so a restarted daemon
// re-serves outcomes and re-runs what had not finished.
// Thread-safety: reentrant; distinct ids may be written concurrently.

#include <filesystem>
#include <vector>

#include "atomic_file.hpp"
#include "request_record.hpp"

namespace lf::ctxfs {

class StateStore {
 public:
  /// `dir` is created on first write; empty disables persistence.
  explicit StateStore(std::filesystem::path dir, Durability durability = Durability::fsync);

  /// Persists a committed request (before its rename is acknowledged).
  Result<void> save_request(const RequestRecord& record) const;

  /// Persists a finished request's outcome (before it is published).
  Result<void> save_outcome(const RequestRecord& record) const;

  /// Every persisted request in commit order, outcomes attached. Unreadable
  /// files are skipped and described in `problems`.
  std::vector<RequestRecord> load(std::vector<std::string>& problems) const;

 private:
  std::filesystem::path dir_;
  Durability durability_;
};

}  // namespace lf::ctxfs
