// The long calls: GET /runs/{id}/wait (answers when the run ends or the
// deadline passes) and GET /runs/{id}/events (the log as JSON, or with
// follow=1 as Server-Sent Events until the run ends). Both re-check on a
// timer instead of blocking, so a waiting client holds no thread.

#include <charconv>

#include <boost/asio/steady_timer.hpp>
#include <boost/json/serialize.hpp>

#include "routes.hpp"

namespace lf::lfd {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(100);
constexpr auto kHeartbeat = std::chrono::seconds(15);
constexpr long kMaxWaitSeconds = 3600;

// A whole number from the query, `fallback` when absent.
Result<long> number_query(const Call& call, std::string_view name, long fallback, long max) {
  const auto text = call.query(name);
  if (!text) {
    return fallback;
  }
  long value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 0 || value > max) {
    return fail(Code::invalid_argument,
                std::string(name) + " must be a whole number from 0 to " + std::to_string(max));
  }
  return value;
}

// Answers when the run has ended (200, its status), when the deadline passes
// (504 timeout), or at once when nothing executes an unfinished run (412).
class WaitPoll : public std::enable_shared_from_this<WaitPoll> {
 public:
  WaitPoll(std::shared_ptr<Call> call, Clock::time_point deadline)
      : call_(std::move(call)), deadline_(deadline), timer_(call_->server().work) {}

  void check() {
    if (call_->server().stopping) {
      return call_->fail(Error{Code::unavailable, "lfd is stopping; wait again later"});
    }
    // A deadline of now: the answer at once, without blocking this thread.
    auto summary = call_->service().run_wait(call_->param("run_id"), Clock::now());
    if (summary || summary.error().code != Code::timeout || Clock::now() >= deadline_) {
      return answer(*call_, summary);
    }
    timer_.expires_after(std::min<Clock::duration>(kPollInterval, deadline_ - Clock::now()));
    timer_.async_wait(
        [self = shared_from_this()](const boost::system::error_code&) { self->check(); });
  }

 private:
  std::shared_ptr<Call> call_;
  Clock::time_point deadline_;
  boost::asio::steady_timer timer_;
};

// Sends every event after `last_seq` as it is appended; ends after the run
// has ended and its last events are out, or when the client goes.
class EventFollower : public std::enable_shared_from_this<EventFollower> {
 public:
  EventFollower(std::shared_ptr<Call> call, std::uint64_t last_seq)
      : call_(std::move(call)), last_seq_(last_seq), timer_(call_->server().work) {}

  void start() {
    Response head{http::status::ok, 11};
    head.set(http::field::content_type, "text/event-stream");
    head.set(http::field::cache_control, "no-cache");
    // nginx: deliver each event as it comes instead of buffering the stream.
    head.set("X-Accel-Buffering", "no");
    call_->responder()->open_stream(std::move(head));
    last_write_ = Clock::now();
    poll();
  }

 private:
  void poll() {
    Responder& out = *call_->responder();
    if (out.closing()) {
      return out.close_stream();
    }
    const std::string& run_id = call_->param("run_id");
    auto log = call_->service().run_events(run_id, last_seq_);
    if (!log) {
      send("error", boost::json::serialize(json_of_error(log.error())), std::nullopt);
      return out.close_stream();
    }
    if (!send_all(*log)) {
      return;
    }
    if (log->finished) {
      // `finished` was decided after the events were read: the run may have
      // written its last events in between. It writes none after finishing,
      // so one more read has them all.
      auto rest = call_->service().run_events(run_id, last_seq_);
      if (rest && !send_all(*rest)) {
        return;
      }
      auto status = call_->service().run_status(run_id);
      if (status) {
        send("end", boost::json::serialize(core::to_json(*status)), std::nullopt);
      } else {
        send("error", boost::json::serialize(json_of_error(status.error())), std::nullopt);
      }
      return out.close_stream();
    }
    if (Clock::now() - last_write_ >= kHeartbeat && !out.write_chunk(": keepalive\n\n")) {
      return;
    }
    timer_.expires_after(kPollInterval);
    timer_.async_wait(
        [self = shared_from_this()](const boost::system::error_code&) { self->poll(); });
  }

  // Sends the events of `log`; false when the client is gone.
  bool send_all(const core::RunEvents& log) {
    for (const core::RunEvent& event : log.events) {
      if (!send(std::string(core::to_string(event.kind)),
                boost::json::serialize(core::to_json(event)),
                event.seq)) {
        return false;
      }
      last_seq_ = event.seq;
    }
    return true;
  }

  static boost::json::object json_of_error(const Error& error) {
    return {{"code", to_string(error.code)}, {"message", without_host_paths(error.message)}};
  }

  bool send(const std::string& event, const std::string& data, std::optional<std::uint64_t> seq) {
    std::string text;
    if (seq) {
      text += "id: " + std::to_string(*seq) + "\n";
    }
    text += "event: " + event + "\ndata: " + data + "\n\n";
    last_write_ = Clock::now();
    return call_->responder()->write_chunk(std::move(text));
  }

  std::shared_ptr<Call> call_;
  std::uint64_t last_seq_;
  boost::asio::steady_timer timer_;
  Clock::time_point last_write_;
};

void events(const std::shared_ptr<Call>& call) {
  auto after = number_query(*call, "after_seq", 0, std::numeric_limits<long>::max());
  // A reconnecting EventSource names the last event it saw.
  const std::string_view last_id = call->request()["Last-Event-ID"];
  if (after && !last_id.empty()) {
    long value = 0;
    const auto [end, ec] = std::from_chars(last_id.data(), last_id.data() + last_id.size(), value);
    if (ec != std::errc() || end != last_id.data() + last_id.size() || value < 0) {
      return call->fail(Error{Code::invalid_argument, "Last-Event-ID must be an event seq"});
    }
    after = std::max(*after, value);
  }
  if (!after) {
    return call->fail(after.error());
  }
  auto log = call->service().run_events(call->param("run_id"), static_cast<std::uint64_t>(*after));
  if (!log) {
    return call->fail(log.error());
  }
  const auto follow = call->query("follow");
  if (follow && (*follow == "1" || *follow == "true")) {
    return std::make_shared<EventFollower>(call, static_cast<std::uint64_t>(*after))->start();
  }
  call->respond(json_response(http::status::ok, core::to_json(*log)));
}

}  // namespace

void add_follow_routes(Router& router) {
  router.add(http::verb::get, "/runs/{run_id}/wait", BodyKind::none, [](const auto& call) {
    auto seconds = number_query(*call, "timeout_s", 30, kMaxWaitSeconds);
    if (!seconds) {
      return call->fail(seconds.error());
    }
    std::make_shared<WaitPoll>(call, Clock::now() + std::chrono::seconds(*seconds))->check();
  });
  router.add(http::verb::get, "/runs/{run_id}/events", BodyKind::none, events);
}

}  // namespace lf::lfd
