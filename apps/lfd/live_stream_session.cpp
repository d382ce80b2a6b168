// The live runtime stream over a WebSocket (live_stream_session.hpp).

#include "live_stream_session.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <stop_token>
#include <system_error>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <lightflow/stream/encode.hpp>

namespace lf::lfd {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using Socket = asio::generic::stream_protocol::socket;
using Clock = std::chrono::steady_clock;
using beast::error_code;

// How often the event thread looks up from a wait to see whether to stop.
constexpr auto kWakeInterval = std::chrono::milliseconds(250);
// Clients send nothing but control frames; anything large is not a client.
constexpr std::size_t kMaxClientMessage = 4096;
// A close reason is at most 123 bytes (RFC 6455, 5.5).
constexpr std::size_t kMaxCloseReason = 123;

std::atomic<std::size_t> live_streams{0};

websocket::close_reason close_reason(websocket::close_code code, std::string text) {
  if (text.size() > kMaxCloseReason) {
    text.resize(kMaxCloseReason);
  }
  return websocket::close_reason(code, text);
}

class LiveStreamSession final : public Session,
                                public std::enable_shared_from_this<LiveStreamSession> {
 public:
  LiveStreamSession(Socket socket,
                    LiveStreamRequest what,
                    ServerContext& server,
                    SessionRegistry& registry)
      : ws_(std::move(socket)), what_(std::move(what)), server_(server), registry_(registry) {}

  ~LiveStreamSession() override {
    registry_.remove(this);
    --live_streams;
  }

  LiveStreamSession(const LiveStreamSession&) = delete;
  LiveStreamSession& operator=(const LiveStreamSession&) = delete;

  void start(Request request) {
    request_ = std::move(request);
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = true;  // a vanished client is noticed
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "lfd"); }));
    ws_.binary(true);
    ws_.read_message_max(kMaxClientMessage);
    ws_.async_accept(request_, [self = shared_from_this()](error_code ec) {
      if (ec) {
        self->gone_ = true;
        return;
      }
      self->read_loop();
      try {
        std::thread([self] { self->produce(self->stop_.get_token()); }).detach();
      } catch (const std::system_error&) {
        // No thread to be had: nothing may escape an Asio handler.
        self->end_with(
            close_reason(websocket::close_code::try_again_later, "no live stream can start now"));
      }
    });
  }

  void request_stop() override {
    asio::post(ws_.get_executor(), [self = shared_from_this()] {
      self->end_with(close_reason(websocket::close_code::going_away, "lfd is stopping"));
    });
  }

 private:
  // --- The event thread --------------------------------------------------

  void produce(std::stop_token stop) {
    core::Service& service = server_.service;
    std::uint64_t after = what_.after_seq.value_or(0);
    if (!what_.after_seq) {
      auto snapshot = service.run_snapshot(what_.run_id);
      if (!snapshot) {
        return finish_with(snapshot.error());
      }
      status_ = snapshot->summary.status;
      after = snapshot->manifest.last_seq;
      if (!send(stream::encode_snapshot(*snapshot))) {
        return;
      }
      if (snapshot->finished) {
        return finish();
      }
    }
    // A run executing in this process: its events straight from the engine.
    if (auto execution = service.find_execution(what_.run_id)) {
      auto subscription = execution->subscribe(after, kMaxQueuedFrames);
      while (!stop.stop_requested()) {
        auto delivery = subscription.next(Clock::now() + kWakeInterval);
        if (delivery.status == core::DeliveryStatus::event) {
          if (!relay(*delivery.event, after)) {
            return;
          }
        } else if (delivery.status != core::DeliveryStatus::timed_out) {
          break;  // ended or dropped: the log below has the rest
        }
      }
    }
    // Otherwise (or for what is left) the run's log, woken by its writes.
    while (!stop.stop_requested()) {
      auto events =
          service.run_events_follow(what_.run_id, after, Clock::now() + kWakeInterval, stop);
      if (!events) {
        return events.error().code == Code::cancelled ? void() : finish_with(events.error());
      }
      for (const core::RunEvent& event : events->events) {
        if (!relay(event, after)) {
          return;
        }
      }
      if (events->finished) {
        return finish();
      }
    }
  }

  bool relay(const core::RunEvent& event, std::uint64_t& after) {
    if (status_) {
      status_ = stream::status_after(*status_, event.kind);
    } else if (core::ends_run(event.kind)) {
      status_ = stream::status_after(core::RunStatus::running, event.kind);
    }
    after = event.seq;
    return send(stream::encode_event(event, status_));
  }

  // Queues one frame; false once the client is gone or has been dropped.
  bool send(std::string frame) {
    if (!wait_for_room()) {
      if (!gone_.exchange(true)) {
        asio::post(ws_.get_executor(), [self = shared_from_this()] {
          self->end_with(close_reason(websocket::close_code::policy_error,
                                      "client too slow: reconnect with after_seq"));
        });
      }
      return false;
    }
    ++queued_;
    asio::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
      if (self->close_after_) {
        return;
      }
      self->frames_.push_back(std::move(frame));
      if (!self->writing_) {
        self->write_next();
      }
    });
    return true;
  }

  // Waits, on the event thread only, while the client has kMaxQueuedFrames
  // frames waiting: a burst (a resume far back) is paced by the client, and a
  // client that stays that far behind for kSlowClientGrace is dropped. False
  // when the client is gone or too slow.
  bool wait_for_room() {
    std::unique_lock lock(room_mutex_);
    const bool room = room_.wait_for(
        lock, kSlowClientGrace, [this] { return gone_ || queued_ < kMaxQueuedFrames; });
    return room && !gone_;
  }

  // Wakes wait_for_room() after a frame went out or the client went.
  void wake_producer() {
    { const std::lock_guard lock(room_mutex_); }
    room_.notify_all();
  }

  // The run has ended: close once every frame is out.
  void finish() {
    const std::string_view status = status_ ? core::to_string(*status_) : "ended";
    asio::post(ws_.get_executor(),
               [self = shared_from_this(), reason = "run " + std::string(status)] {
                 self->end_with(close_reason(websocket::close_code::normal, reason));
               });
  }

  void finish_with(const Error& error) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), error] {
      self->end_with(close_reason(
          error.code == Code::not_found ? websocket::close_code::policy_error
                                        : websocket::close_code::internal_error,
          std::string(to_string(error.code)) + ": " + without_host_paths(error.message)));
    });
  }

  // --- The connection's strand -------------------------------------------

  // Ends the stream with `reason` after the frames already queued, except
  // when the client is dropped or the server stops: then after the frame
  // being written.
  void end_with(websocket::close_reason reason) {
    stop_.request_stop();
    if (close_after_) {
      return;
    }
    if (reason.code != websocket::close_code::normal) {
      gone_ = true;
      wake_producer();
      while (frames_.size() > (writing_ ? 1U : 0U)) {
        frames_.pop_back();
      }
    }
    close_after_ = std::move(reason);
    if (!writing_) {
      write_next();
    }
  }

  void write_next() {
    if (frames_.empty()) {
      writing_ = false;
      if (close_after_ && !closing_) {
        closing_ = true;
        ws_.async_close(*close_after_,
                        [self = shared_from_this()](error_code) { self->gone_ = true; });
      }
      return;
    }
    writing_ = true;
    ws_.async_write(asio::buffer(frames_.front()),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      self->frames_.pop_front();
                      --self->queued_;
                      if (ec) {
                        self->gone_ = true;
                        self->stop_.request_stop();
                        self->wake_producer();
                        self->writing_ = false;
                        return;
                      }
                      self->wake_producer();
                      self->write_next();
                    });
  }

  // Reads (and ignores) what the client sends, so that pings are answered
  // and its close or disappearance is seen.
  void read_loop() {
    ws_.async_read(incoming_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        self->gone_ = true;
        self->stop_.request_stop();
        self->wake_producer();
        return;
      }
      self->incoming_.clear();
      self->read_loop();
    });
  }

  websocket::stream<Socket> ws_;
  Request request_;  // the upgrade request, held until the handshake is answered
  LiveStreamRequest what_;
  ServerContext& server_;
  SessionRegistry& registry_;
  std::stop_source stop_;  // stops the event thread
  std::atomic<std::size_t> queued_{0};
  std::atomic<bool> gone_{false};
  std::mutex room_mutex_;  // with room_: the event thread waits for queue room
  std::condition_variable room_;
  std::optional<core::RunStatus> status_;  // event thread only

  // Strand only
  beast::flat_buffer incoming_;
  std::deque<std::string> frames_;
  bool writing_ = false;
  bool closing_ = false;
  std::optional<websocket::close_reason> close_after_;
};

}  // namespace

bool live_stream_slot_free() {
  return live_streams.load() < kMaxLiveStreams;
}

void start_live_stream(Socket socket,
                       Request request,
                       LiveStreamRequest what,
                       ServerContext& server,
                       SessionRegistry& registry) {
  ++live_streams;
  auto session =
      std::make_shared<LiveStreamSession>(std::move(socket), std::move(what), server, registry);
  registry.add(session);
  session->start(std::move(request));
}

}  // namespace lf::lfd
