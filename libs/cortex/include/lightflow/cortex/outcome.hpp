#pragma once

// Reading what CortexFS answered for a committed request. Thread-safety: reads
// files only; safe to call concurrently.

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/cortex/exchange.hpp>
#include <lightflow/ctxabi/route_record.hpp>

namespace lf::cortex {

/// Persisted by name in run records: never rename a value.
enum class OutcomeKind { response, error };

std::string_view to_string(OutcomeKind kind) noexcept;

struct Outcome {
  OutcomeKind kind = OutcomeKind::response;
  std::string body;                          ///< the .resp.json or .error file, raw
  std::optional<std::string> fingerprint;    ///< trimmed .fingerprint, if present
  std::optional<ctxabi::RouteRecord> route;  ///< parsed .route.json, if present and valid
};

/// The outcome, or std::nullopt while there is none yet. A response wins over
/// an error when both exist. Returns io_error for read failures other than
/// "file does not exist" (a directory in a file's place, a permission error).
Result<std::optional<Outcome>> read_outcome(const Exchange& exchange);

/// {status:"response"|"error", body, fingerprint, route:{provider,model,reason}|null}
boost::json::object to_json(const Outcome& outcome);

}  // namespace lf::cortex
