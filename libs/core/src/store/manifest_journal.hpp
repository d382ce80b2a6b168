#pragma once

// A run's manifest on disk is a base document (manifest.json) plus a journal
// of patches (manifest.journal, one JSON line per update): an update appends
// the records of the steps it changed instead of rewriting every step, which
// for workflows of thousands of steps cost megabytes per scheduler round.
// When the journal outgrows the base, the next update writes a new base with
// the next generation; journal lines of older generations are ignored, so a
// crash between writing the base and emptying the journal loses nothing.
// Layout and guarantees: docs/run-store.md.
// Thread-safety: pure functions.

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_types.hpp>

namespace lf::core {

inline constexpr std::string_view kManifestBase = "manifest.json";
inline constexpr std::string_view kManifestJournal = "manifest.journal";

/// A manifest as read from its base and journal.
struct LoadedManifest {
  RunManifest manifest;
  std::uint64_t generation = 0;    ///< the base's generation
  std::size_t journal_length = 0;  ///< bytes of whole lines in the journal
};

/// The base document: the manifest as compact JSON, tagged with `generation`.
std::string manifest_base_document(const RunManifest& manifest, std::uint64_t generation);

/// One journal line: the run-level fields and the records of `step_ids`.
std::string manifest_patch_line(const RunManifest& manifest,
                                std::uint64_t generation,
                                const std::set<std::string>& step_ids);

/// Applies the journal's lines of the base's generation to the base. A last
/// line without its newline (an append cut short) is ignored. Errors:
/// corruption, naming `context`.
Result<LoadedManifest> load_manifest(std::string_view base,
                                     std::string_view journal,
                                     std::string_view context);

}  // namespace lf::core
