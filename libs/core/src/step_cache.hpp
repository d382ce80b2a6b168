#pragma once

// The step outcome cache: a succeeded step's answer, kept on disk and keyed by
// everything that determines it, so that a re-run whose request did not change
// is served without a provider call. Entries live in <cache dir>/steps/ as one
// JSON file each, written atomically; an entry stores its whole key and is only
// served when every part matches (no reliance on the hash alone).
// Thread-safety: safe across threads and processes (atomic files; last writer
// wins with an equivalent entry).

#include <filesystem>
#include <optional>
#include <string>

#include <lightflow/result.hpp>

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
};

/// "h64:<16 hex>" of `text`, for asset source hashes.
std::string source_hash(std::string_view text);

class StepCache {
 public:
  /// `dir` is the cache root (XdgDirs::cache); entries go to dir/steps.
  explicit StepCache(std::filesystem::path dir);

  /// The entry for `key`, or std::nullopt. A damaged entry reads as a miss.
  Result<std::optional<CachedOutcome>> lookup(const StepCacheKey& key) const;

  /// Stores (or replaces) the entry for `key`. Errors: io_error.
  Result<void> store(const StepCacheKey& key, const CachedOutcome& outcome) const;

  /// The file that holds `key`'s entry.
  std::filesystem::path entry_path(const StepCacheKey& key) const;

 private:
  std::filesystem::path dir_;
};

}  // namespace lf::core
