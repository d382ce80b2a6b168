#pragma once

// GET /runtime/streams/{run_id}/live after the WebSocket handshake: one
// binary message per runtime frame (docs/stream.md) — a snapshot, then one
// frame per event of the run — until the run ends (a normal close) or the
// client leaves. A client that resumes with ?after_seq=N gets exactly the
// events after N, without a snapshot.
//
// The events come from the core (an in-process execution's subscription, or
// Service::run_events_follow for a run executed elsewhere) on a thread of the
// session's own, which encodes and posts: the socket is written on the
// connection's strand from a bounded queue. When the queue is full only that
// thread waits (the engine drops a subscriber that falls behind, and the
// stream then continues from the run's log), and a client that keeps it full
// for kSlowClientGrace is dropped (close code 1008), so a slow reader never
// slows lfd or the scheduler. Thread-safety: start() once; request_stop()
// from any thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "call.hpp"
#include "http_session.hpp"

namespace lf::lfd {

struct LiveStreamRequest {
  std::string run_id;
  std::optional<std::uint64_t> after_seq;  ///< resume: events after it, no snapshot
};

/// Live streams this lfd serves at most at once (each holds a thread).
inline constexpr std::size_t kMaxLiveStreams = 256;

/// Frames a client may have waiting; beyond, the event thread waits for it.
inline constexpr std::size_t kMaxQueuedFrames = 1024;

/// How long a client may keep kMaxQueuedFrames frames waiting before it is
/// dropped as too slow (close code 1008).
inline constexpr std::chrono::seconds kSlowClientGrace{5};

/// Whether one more live stream may start now.
bool live_stream_slot_free();

/// Answers the WebSocket handshake in `request` on `socket` and streams the
/// run. `server` and `registry` outlive the session (the server waits for
/// every registered session before it ends).
void start_live_stream(boost::asio::generic::stream_protocol::socket socket,
                       Request request,
                       LiveStreamRequest what,
                       ServerContext& server,
                       SessionRegistry& registry);

}  // namespace lf::lfd
