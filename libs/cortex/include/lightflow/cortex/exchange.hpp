#pragma once

// An exchange is the set of CortexFS files one request goes through: where it is
// staged and committed, and where its fingerprint, route, answer or error appear.
// Planning an exchange is path arithmetic only; nothing touches the filesystem.
// Thread-safety: plain values.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <lightflow/base/result.hpp>
#include <lightflow/ctxabi/layout.hpp>

namespace lf::cortex {

/// Where a request goes. Persisted in manifests: never rename a value.
enum class TargetKind { api, tool, thread };

std::string_view to_string(TargetKind kind) noexcept;

/// An api format, a tool id or a thread id, already validated.
struct Target {
  TargetKind kind = TargetKind::api;
  std::string name;  ///< the format name, the tool id or the thread id

  friend bool operator==(const Target&, const Target&) = default;
};

/// A target for `format`; invalid_argument for an unknown format.
Result<Target> api_target(std::string_view format);
/// A target for `tool_id`; invalid_argument when it is not a valid segment.
Result<Target> tool_target(std::string_view tool_id);
/// A target for `thread_id`; invalid_argument when it is not a valid segment.
Result<Target> thread_target(std::string_view thread_id);

struct Exchange {
  Target target;
  std::string request_id;
  std::filesystem::path inbox_dir;
  std::filesystem::path outbox_dir;      ///< equals inbox_dir for threads
  std::filesystem::path staged_request;  ///< <inbox>/<id>.tmp, the documented staging name
  std::filesystem::path commit_request;  ///< <inbox>/<id>.req.json
  std::filesystem::path response;        ///< <outbox>/<id>.resp.json
  std::filesystem::path error;           ///< <outbox>/<id>.error
  std::filesystem::path fingerprint;     ///< <outbox>/<id>.fingerprint
  std::filesystem::path wait;            ///< <outbox>/<id>.wait (ctxfs only)
  std::optional<std::filesystem::path> route_metadata;  ///< api targets only
};

/// Plans the exchange of `request_id` (validated as a request-id segment) for
/// `target` under `layout`.
Result<Exchange> plan_exchange(const ctxabi::Layout& layout,
                               const Target& target,
                               std::string_view request_id);

/// {kind:"api",format} | {kind:"tool",tool_id} | {kind:"thread",thread_id}
boost::json::object to_json(const Target& target, boost::json::storage_ptr storage = {});

/// Reads a target back from its JSON form; invalid_argument when malformed.
Result<Target> target_from_json(const boost::json::value& json);

/// The exchange record, fields in declaration order.
boost::json::object to_json(const Exchange& exchange, boost::json::storage_ptr storage = {});

}  // namespace lf::cortex
