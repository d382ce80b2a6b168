#include "store/timestamp.hpp"

#include <time.h>

#include <cstdio>

namespace lf::core {

std::string to_rfc3339(SystemTime time) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const time_t seconds = static_cast<time_t>(ms / 1000);
  tm parts{};
  gmtime_r(&seconds, &parts);
  char buffer[96];
  std::snprintf(buffer,
                sizeof buffer,
                "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                parts.tm_year + 1900,
                parts.tm_mon + 1,
                parts.tm_mday,
                parts.tm_hour,
                parts.tm_min,
                parts.tm_sec,
                static_cast<int>(ms % 1000));
  return buffer;
}

std::string now_rfc3339() {
  return to_rfc3339(std::chrono::system_clock::now());
}

}  // namespace lf::core
