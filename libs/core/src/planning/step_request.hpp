#pragma once

// The request body a step commits: a body the caller gives (checked to be a
// JSON object), or the step's template rendered from the run inputs and the
// answers of the steps it reads. Submit and the scheduler's cache key both use
// this, so a cached answer is keyed by exactly the bytes a commit would send.
// Thread-safety: reads the run's files; safe to call concurrently.

#include <string>

#include <boost/json/value.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/core/run_types.hpp>

#include "store/run_store.hpp"

namespace lf::core {

/// The run inputs templates read, from a run's request.json: its "inputs"
/// plus the "input_defaults" the workflow added; "effective_inputs" instead in
/// runs recorded before (docs/run-store.md). Empty when there are none.
boost::json::object run_inputs(const boost::json::value& run_request);

/// `body` when it is a JSON object; invalid_argument otherwise.
Result<std::string> checked_body(const RunStepRecord& step, const std::string& body);

/// The compact JSON of `step`'s rendered template. Errors: invalid_argument
/// when the step has no template; failed_precondition "step <id>: {{...}} has
/// no value: ..." when an input or an earlier answer is missing.
Result<std::string> render_step_request(const RunStore& store,
                                        const RunManifest& manifest,
                                        const RunStepRecord& step);

/// The same with the run's request.json already read (the scheduler reads it
/// once per execution instead of once per step).
Result<std::string> render_step_request(const boost::json::value& run_request,
                                        const RunManifest& manifest,
                                        const RunStepRecord& step);

}  // namespace lf::core
