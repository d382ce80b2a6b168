#pragma once

// The JSON forms of the run record types, as stored in manifest.json and as
// every adapter prints them (field order is part of the format; see
// docs/run-store.md). Thread-safety: pure functions.

#include <boost/json/object.hpp>

#include <lightflow/core/run_types.hpp>

namespace lf::core {

// The record forms take the storage to build in: a writer that serialises a
// whole manifest at once builds it in a monotonic_resource (no per-node
// allocation, no teardown walk).

/// The manifest as stored: {format_version, run_id, workflow_asset_id,
/// cancelled, created_at, updated_at, last_seq, source_hashes, steps:[…]}.
boost::json::object to_json(const RunManifest& manifest, boost::json::storage_ptr storage = {});

/// One step: {step_id, node_or_composition_id, depends_on, request_template,
/// attempt, cortex, status, …, attempts:[…]}.
boost::json::object to_json(const RunStepRecord& step, boost::json::storage_ptr storage = {});

/// One attempt: {attempt, cortex, status, submitted_at, finished_at, …}.
boost::json::object to_json(const StepAttempt& attempt, boost::json::storage_ptr storage = {});

/// {run_id, workflow_asset_id, status, created_at, updated_at, total_steps, …}.
boost::json::object to_json(const RunStatusSummary& summary);

/// {manifest, status: summary, finished}.
boost::json::object to_json(const RunSnapshot& snapshot);

/// {runs:[summary…], problems:[{run_id, path, code, message}…]}.
boost::json::object to_json(const RunListing& listing);

}  // namespace lf::core
