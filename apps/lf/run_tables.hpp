#pragma once

// Human-friendly renderings of run results for a terminal: compact tables for
// `lf run list` and `lf run status`. Piped output stays JSON.

#include <string>

#include <lightflow/core/run_types.hpp>

namespace lf::cli {

/// One line per run (id, workflow, status, steps done/total, created), then
/// the problems, if any.
std::string format_run_table(const core::RunListing& listing);

/// The run's status line, then one line per step (id, status, attempt, request id).
std::string format_status_table(const core::RunStatusSummary& summary,
                                const core::RunManifest& manifest);

}  // namespace lf::cli
