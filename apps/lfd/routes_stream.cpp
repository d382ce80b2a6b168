// The runtime stream routes (docs/stream.md): discovery with this server's
// real address, the FlatBuffers schema, one run's snapshot frame, and the
// live WebSocket stream of a run.

#include <charconv>

#include <boost/beast/websocket/rfc6455.hpp>

#include <lightflow/stream/encode.hpp>
#include <lightflow/stream/frame.hpp>
#include <lightflow/stream/schema.hpp>
#include <lightflow/stream/stream_info.hpp>

#include "live_stream_session.hpp"
#include "routes.hpp"

namespace lf::lfd {
namespace {

Response bytes_response(std::string_view content_type, std::string body) {
  Response response{http::status::ok, 11};
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

void snapshot(const std::shared_ptr<Call>& call) {
  auto read = call->service().run_snapshot(call->param("run_id"));
  if (!read) {
    return call->fail(read.error());
  }
  Response response = bytes_response(stream::kFrameMediaType, stream::encode_snapshot(*read));
  response.set("X-LightFlow-Frame-Encoding", "flatbuffers");
  response.set("X-LightFlow-FlatBuffers-File-Identifier", stream::kFileIdentifier);
  response.set("X-LightFlow-Frame-Sequence", std::to_string(read->manifest.last_seq));
  call->respond(std::move(response));
}

Result<std::optional<std::uint64_t>> after_seq_of(const Call& call) {
  const auto text = call.query("after_seq");
  if (!text) {
    return std::optional<std::uint64_t>();
  }
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || text->empty()) {
    return fail(Code::invalid_argument, "after_seq must be an event seq (a whole number)");
  }
  return std::optional<std::uint64_t>(value);
}

// Everything that can be refused is refused over plain HTTP, before the
// handshake: a bad after_seq, an unknown run, no WebSocket, too many streams.
void live(const std::shared_ptr<Call>& call) {
  auto after = after_seq_of(*call);
  if (!after) {
    return call->fail(after.error());
  }
  const std::string& run_id = call->param("run_id");
  if (auto status = call->service().run_status(run_id); !status) {
    return call->fail(status.error());
  }
  if (!boost::beast::websocket::is_upgrade(call->request())) {
    Response response = error_response(http::status::upgrade_required,
                                       "failed_precondition",
                                       "this route is a WebSocket: send an upgrade request");
    response.set(http::field::upgrade, "websocket");
    return call->respond(std::move(response));
  }
  if (call->server().stopping || !live_stream_slot_free()) {
    return call->fail(Error{Code::unavailable, "no live stream can start now; try again later"});
  }
  ServerContext& server = call->server();
  LiveStreamRequest what{run_id, *after};
  const bool handed = call->responder()->upgrade(
      [request = call->request(), what = std::move(what), &server](
          boost::asio::generic::stream_protocol::socket socket, SessionRegistry& registry) mutable {
        start_live_stream(std::move(socket), std::move(request), std::move(what), server, registry);
      });
  if (!handed) {
    call->fail(Error{Code::unavailable, "the connection cannot be upgraded"});
  }
}

}  // namespace

void add_stream_routes(Router& router) {
  router.add(http::verb::get, "/runtime/streams", BodyKind::none, [](const auto& call) {
    call->respond(json_response(http::status::ok,
                                stream::to_json(stream::StreamInfo{call->server().advert})));
  });
  router.add(http::verb::get, "/runtime/streams/schema.fbs", BodyKind::none, [](const auto& call) {
    call->respond(bytes_response("text/plain; charset=utf-8", std::string(stream::schema_text())));
  });
  router.add(http::verb::get, "/runtime/streams/{run_id}/snapshot.fb", BodyKind::none, snapshot);
  router.add(http::verb::get, "/runtime/streams/{run_id}/live", BodyKind::none, live);
}

}  // namespace lf::lfd
