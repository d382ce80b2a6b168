// The discovery document of the runtime stream (stream_info.hpp).

#include <string>

#include <boost/json/array.hpp>

#include <lightflow/stream/frame.hpp>
#include <lightflow/stream/stream_info.hpp>

namespace lf::stream {
namespace {

constexpr std::string_view kDiscovery = "/runtime/streams";
constexpr std::string_view kSchema = "/runtime/streams/schema.fbs";
constexpr std::string_view kSnapshot = "/runtime/streams/{run_id}/snapshot.fb";
constexpr std::string_view kLive = "/runtime/streams/{run_id}/live";

// "host:port", with brackets around an IPv6 address.
std::optional<std::string> authority(const ServerAdvert& advert) {
  if (!advert.host || !advert.port) {
    return std::nullopt;
  }
  const bool ipv6 = advert.host->find(':') != std::string::npos;
  return (ipv6 ? "[" + *advert.host + "]" : *advert.host) + ":" + std::to_string(*advert.port);
}

boost::json::object transport(std::string_view name,
                              bool available,
                              std::string_view key,
                              const std::string& where) {
  return {{"name", name}, {"status", available ? "available" : "unavailable"}, {key, where}};
}

}  // namespace

boost::json::object to_json(const StreamInfo& info) {
  const std::optional<std::string> address =
      info.server ? authority(*info.server) : std::optional<std::string>();
  const std::string http = address ? "http://" + *address : std::string();
  const std::string ws = address ? "ws://" + *address : std::string();

  boost::json::object server{{"running", info.server.has_value()}};
  if (info.server) {
    for (auto& [key, value] : to_json(*info.server)) {
      server[key] = value;
    }
    if (address) {
      server["base_url"] = http;
      server["websocket_url"] = ws;
    }
  }
  boost::json::array transports;
  transports.push_back(
      transport("http_snapshot", address.has_value(), "endpoint", http + std::string(kSnapshot)));
  transports.push_back(
      transport("websocket", address.has_value(), "endpoint", ws + std::string(kLive)));
  transports.push_back(
      transport("cli_snapshot", true, "command", "lf stream snapshot <run_id> -o <file>"));

  return boost::json::object{
      {"frame",
       {{"encoding", "flatbuffers"},
        {"file_identifier", kFileIdentifier},
        {"version", kFrameVersion},
        {"size_prefixed", true},
        {"mime_type", kFrameMediaType},
        {"schema_uri", kSchema}}},
      {"endpoints",
       {{"discovery", kDiscovery},
        {"schema", kSchema},
        {"snapshot_template", kSnapshot},
        {"live_template", kLive}}},
      {"server", std::move(server)},
      {"transports", std::move(transports)},
  };
}

}  // namespace lf::stream
