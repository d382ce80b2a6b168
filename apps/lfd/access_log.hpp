#pragma once

// The structured access log: one JSON object per line on stderr for every
// answered request, and the server's own lifecycle lines (listening, stopping).
// Thread-safety: every method may be called from any thread; lines never
// interleave.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace lf::lfd {

struct AccessRecord {
  std::string_view remote;         ///< peer address, "unix" for the Unix socket
  std::string_view forwarded_for;  ///< X-Forwarded-For as received (may be empty)
  std::string_view method;
  std::string_view target;
  unsigned status = 0;
  std::uint64_t bytes = 0;  ///< body bytes sent (streams: until the stream ends)
  double duration_ms = 0;
};

class AccessLog {
 public:
  explicit AccessLog(bool enabled) : enabled_(enabled) {}

  /// Whether request() writes anything (--no-access-log turns it off).
  bool enabled() const noexcept { return enabled_; }

  void request(const AccessRecord& record);

  /// {"ts":…,"event":event, …fields} — startup and shutdown lines; always written.
  void event(std::string_view event, boost::json::object fields = {});

 private:
  void write_line(const boost::json::object& line);

  bool enabled_;
  std::mutex mutex_;  ///< one line at a time
};

}  // namespace lf::lfd
