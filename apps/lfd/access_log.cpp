#include "access_log.hpp"

#include <cstdio>
#include <ctime>

#include <boost/json/serialize.hpp>

namespace lf::lfd {
namespace {

std::string now_rfc3339() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  std::tm utc{};
  gmtime_r(&ts.tv_sec, &utc);
  char text[40];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03ldZ", ts.tv_nsec / 1000000);
  return text;
}

}  // namespace

void AccessLog::request(const AccessRecord& record) {
  if (!enabled_) {
    return;
  }
  boost::json::object line{
      {"ts", now_rfc3339()},
      {"event", "request"},
      {"remote", record.remote},
      {"method", record.method},
      {"target", record.target},
      {"status", record.status},
      {"bytes", record.bytes},
      {"duration_ms", static_cast<double>(static_cast<long>(record.duration_ms * 1000)) / 1000},
  };
  if (!record.forwarded_for.empty()) {
    line["forwarded_for"] = record.forwarded_for;
  }
  write_line(line);
}

void AccessLog::event(std::string_view event, boost::json::object fields) {
  boost::json::object line{{"ts", now_rfc3339()}, {"event", event}};
  for (auto& [key, value] : fields) {
    line[key] = std::move(value);
  }
  write_line(line);
}

void AccessLog::write_line(const boost::json::object& line) {
  const std::string text = boost::json::serialize(line) + "\n";
  const std::lock_guard lock(mutex_);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

}  // namespace lf::lfd
