#pragma once

// Run ids: the rules for ids a user gives and the form of generated ones
// (docs/run-store.md, "Run ids"). Thread-safety: safe to call concurrently.

#include <string>
#include <string_view>

#include <lightflow/base/result.hpp>

#include "store/timestamp.hpp"

namespace lf::core {

/// Checks a run id: ctxabi::validate_segment(IdKind::run_id) plus no leading
/// '.', because dot-names in runs/ belong to the store (staging, deletion).
/// Returns invalid_argument "invalid run_id path segment: <id> (<rule>)".
Result<void> validate_run_id(std::string_view run_id);

/// A fresh id "<fragment>-<time>-<random>": the fragment is the workflow id
/// without a "workflow." prefix, reduced to [A-Za-z0-9._-] and at most 40
/// bytes ("run" if nothing is left); time is the creation time in milliseconds
/// as 9 Crockford base32 digits (so ids of one workflow sort by creation time);
/// random is 8 base32 digits (40 bits): a random per-process start plus a
/// counter, so one process never repeats an id.
std::string generate_run_id(std::string_view workflow_id, SystemTime now);

/// A fresh run incarnation: 8 Crockford base32 digits (40 random bits), drawn
/// once when a run is created (RunManifest::incarnation).
std::string new_incarnation();

}  // namespace lf::core
