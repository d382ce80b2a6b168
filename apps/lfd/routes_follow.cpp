// The long calls: GET /runs/{id}/wait (answers when the run ends or the
// deadline passes) and GET /runs/{id}/events (the log as JSON, or with
// follow=1 as Server-Sent Events until the run ends). Both are told by the
// core when the run changes instead of blocking, so a waiting client holds no
// thread.

#include <charconv>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json/serialize.hpp>

#include "routes.hpp"

namespace lf::lfd {
namespace {

using Clock = std::chrono::steady_clock;
// How soon a long call notices a stopping server or a gone client.
constexpr auto kTick = std::chrono::milliseconds(250);
// How often it reads the run although nothing was told (an executor that
// vanished without a trace in the run's directory).
constexpr auto kRecheck = std::chrono::seconds(1);
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

// The base of the long calls. It runs on a strand of the work pool and holds
// no thread between checks: the core tells it when the run's record may have
// changed (Service::watch_run), and a timer ticks to notice a stopping server
// or a gone client, and re-checks now and then in case a change went untold.
template <class Derived>
class RunFollower : public std::enable_shared_from_this<Derived> {
 public:
  explicit RunFollower(std::shared_ptr<Call> call)
      : call_(std::move(call)),
        strand_(boost::asio::make_strand(call_->server().work)),
        timer_(strand_) {}

 protected:
  // Watch first, then check: nothing written in between is missed. On the
  // strand, like everything that touches the watch.
  void begin() {
    boost::asio::dispatch(strand_, [self = derived().shared_from_this()] {
      std::weak_ptr<Derived> weak = self;
      auto watch = self->call_->service().watch_run(self->call_->param("run_id"), [weak] {
        if (auto alive = weak.lock()) {
          alive->wake();
        }
      });
      if (!watch) {
        return self->stop_with(watch.error());
      }
      self->watch_ = std::move(*watch);
      self->recheck();
    });
  }

  // Ends the follow: no callback, no tick afterwards. On the strand.
  void end() {
    ended_ = true;
    watch_ = core::RunWatch();
    timer_.cancel();
  }

  bool ended() const { return ended_; }

  void recheck() {
    if (ended_) {
      return;
    }
    last_check_ = Clock::now();
    derived().check();
    if (!ended_) {
      arm_tick();
    }
  }

  std::shared_ptr<Call> call_;

 private:
  Derived& derived() { return static_cast<Derived&>(*this); }

  // From the core's notifier: many changes make one check.
  void wake() {
    if (!wake_pending_.exchange(true)) {
      boost::asio::post(strand_, [self = derived().shared_from_this()] {
        self->wake_pending_ = false;
        self->recheck();
      });
    }
  }

  void arm_tick() {
    timer_.expires_after(kTick);
    timer_.async_wait([self = derived().shared_from_this()](const boost::system::error_code& ec) {
      if (ec != boost::asio::error::operation_aborted) {
        self->tick();
      }
    });
  }

  void tick() {
    if (ended_) {
      return;
    }
    if (Clock::now() - last_check_ >= kRecheck || derived().should_stop()) {
      return recheck();
    }
    derived().idle();
    if (!ended_) {
      arm_tick();
    }
  }

  boost::asio::strand<boost::asio::any_io_executor> strand_;
  boost::asio::steady_timer timer_;
  core::RunWatch watch_;
  std::atomic<bool> wake_pending_{false};
  bool ended_ = false;
  Clock::time_point last_check_ = Clock::now();
};

// Answers when the run has ended (200, its status), when the deadline passes
// (504 timeout), or at once when nothing executes an unfinished run (412).
class WaitPoll : public RunFollower<WaitPoll> {
 public:
  WaitPoll(std::shared_ptr<Call> call, Clock::time_point deadline)
      : RunFollower(std::move(call)), deadline_(deadline) {}

  void start() { begin(); }

  void check() {
    if (call_->server().stopping) {
      return stop_with(Error{Code::unavailable, "lfd is stopping; wait again later"});
    }
    // A deadline of now: the answer at once, without blocking this thread.
    auto summary = call_->service().run_wait(call_->param("run_id"), Clock::now());
    if (summary || summary.error().code != Code::timeout || Clock::now() >= deadline_) {
      end();
      answer(*call_, summary);
    }
  }

  bool should_stop() const { return call_->server().stopping || Clock::now() >= deadline_; }

  void idle() {}

  void stop_with(const Error& error) {
    end();
    call_->fail(error);
  }

 private:
  Clock::time_point deadline_;
};

// Sends every event after `last_seq` as it is appended; ends after the run
// has ended and its last events are out, or when the client goes.
class EventFollower : public RunFollower<EventFollower> {
 public:
  EventFollower(std::shared_ptr<Call> call, std::uint64_t last_seq)
      : RunFollower(std::move(call)), last_seq_(last_seq) {}

  void start() {
    Response head{http::status::ok, 11};
    head.set(http::field::content_type, "text/event-stream");
    head.set(http::field::cache_control, "no-cache");
    // nginx: deliver each event as it comes instead of buffering the stream.
    head.set("X-Accel-Buffering", "no");
    call_->responder()->open_stream(std::move(head));
    last_write_ = Clock::now();
    begin();
  }

  void check() {
    Responder& out = *call_->responder();
    if (out.closing()) {
      end();
      return out.close_stream();
    }
    const std::string& run_id = call_->param("run_id");
    auto log = call_->service().run_events(run_id, last_seq_);
    if (!log) {
      return stop_with(log.error());
    }
    if (!send_all(*log)) {
      return end();
    }
    if (log->finished) {
      // `finished` was decided after the events were read: the run may have
      // written its last events in between. It writes none after finishing,
      // so one more read has them all.
      auto rest = call_->service().run_events(run_id, last_seq_);
      if (rest && !send_all(*rest)) {
        return end();
      }
      auto status = call_->service().run_status(run_id);
      if (!status) {
        return stop_with(status.error());
      }
      end();
      send("end", boost::json::serialize(core::to_json(*status)), std::nullopt);
      return out.close_stream();
    }
  }

  bool should_stop() const { return call_->responder()->closing(); }

  // A quiet stream still shows the client (and proxies) that it is alive.
  void idle() {
    if (Clock::now() - last_write_ >= kHeartbeat && !send_comment("keepalive")) {
      end();
    }
  }

  void stop_with(const Error& error) {
    end();
    send("error", boost::json::serialize(json_of_error(error)), std::nullopt);
    call_->responder()->close_stream();
  }

 private:
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

  bool send_comment(std::string_view comment) {
    last_write_ = Clock::now();
    return call_->responder()->write_chunk(": " + std::string(comment) + "\n\n");
  }

  std::uint64_t last_seq_;
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
    std::make_shared<WaitPoll>(call, Clock::now() + std::chrono::seconds(*seconds))->start();
  });
  router.add(http::verb::get, "/runs/{run_id}/events", BodyKind::none, events);
}

}  // namespace lf::lfd
