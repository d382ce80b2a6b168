#pragma once

// What a dashboard needs to find the runtime stream (lf stream info,
// GET /runtime/streams): the frame format, the routes, and the address of the
// lfd that serves them, taken from where it really listens.
// Thread-safety: plain values.

#include <optional>

#include <boost/json/object.hpp>

#include <lightflow/stream/discovery.hpp>

namespace lf::stream {

struct StreamInfo {
  /// The lfd serving the stream, std::nullopt when none runs.
  std::optional<ServerAdvert> server;
};

/// {frame:{encoding, file_identifier, version, size_prefixed, mime_type,
/// schema_uri}, endpoints:{discovery, schema, snapshot_template,
/// live_template}, server:{running, …advert, base_url?, websocket_url?},
/// transports:[{name, status, endpoint|command}…]}. The URLs hold the real
/// host and port; the templates keep "{run_id}".
boost::json::object to_json(const StreamInfo& info);

}  // namespace lf::stream
