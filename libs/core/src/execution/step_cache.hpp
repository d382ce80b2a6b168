#pragma once

// The step outcome cache: a succeeded step's answer, kept on disk and keyed by
// everything that determines it, so that a re-run whose request did not change
// is served without a provider call. Entries are lines appended to one journal,
// <cache dir>/steps/entries.jsonl, each written by a single write(2): a new
// entry costs an append instead of a new file (file creation dominated the cost
// of a step). An entry stores its whole key and is only served when every part
// matches (no reliance on the hash alone); for the same key the newest line
// wins. A torn or damaged line reads as a miss.
// Thread-safety: one StepCache per thread; any number of processes may share
// the journal (appends never interleave). Entries other processes append after
// the first lookup are seen by the next StepCache.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>

#include <lightflow/base/result.hpp>

namespace lf::core {

/// Everything that determines a step's outcome.
struct StepCacheKey {
  std::string workflow_source_hash;  ///< hash of the workflow asset's source text
  std::string node_source_hash;      ///< hash of the node (or composition) asset's source
  std::string target;                ///< compact JSON of the CortexFS target
  std::string rendered_request;      ///< the exact request body committed
  std::string provider;              ///< the resolved provider ("" when unknown)
  std::string model;                 ///< the resolved model ("" when unknown)
};

/// A succeeded step's answer and where it came from.
struct CachedOutcome {
  std::string run_id;
  std::string step_id;
  std::string response_body;
  std::optional<std::string> fingerprint;
  std::optional<std::string> provider_id;
  std::optional<std::string> model_id;
  std::optional<std::string> route_decision;
  std::string stored_at;  ///< RFC 3339 UTC
  /// The run's own copy of the answer, when it kept one: a hit hard-links it
  /// instead of writing a new file, if it still has the output_stamp() it had
  /// when stored.
  std::optional<std::filesystem::path> response_path;
  std::optional<std::string> response_stamp;
};

/// "h64:<16 hex>" of `text`, for asset source hashes.
std::string source_hash(std::string_view text);

class StepCache {
 public:
  /// `dir` is the cache root (XdgDirs::cache); the journal is dir/steps/entries.jsonl.
  explicit StepCache(std::filesystem::path dir);
  ~StepCache();
  StepCache(const StepCache&) = delete;
  StepCache& operator=(const StepCache&) = delete;

  /// The entry for `key`, or std::nullopt. The journal is indexed on the first
  /// lookup. Errors: io_error when the journal exists but cannot be read.
  Result<std::optional<CachedOutcome>> lookup(const StepCacheKey& key);

  /// Appends the entry for `key` (it replaces any earlier one). Errors: io_error.
  Result<void> store(const StepCacheKey& key, const CachedOutcome& outcome);

  /// The journal file.
  const std::filesystem::path& journal_path() const noexcept { return journal_; }

 private:
  struct Span {  // one line of the journal
    off_t offset;
    std::size_t length;
  };

  Result<void> load_index();

  std::filesystem::path journal_;
  bool indexed_ = false;
  int read_fd_ = -1;
  std::unordered_map<std::string, Span> index_;         // digest -> newest line on disk
  std::unordered_map<std::string, std::string> added_;  // digest -> line this object appended
};

}  // namespace lf::core
