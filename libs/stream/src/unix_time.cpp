// RFC 3339 UTC times as runs record them, to Unix milliseconds: by hand,
// because a snapshot of a large run converts two per step and neither
// std::chrono::parse (missing from GCC 12) nor strptime+timegm is cheap.

#include <chrono>
#include <cstdint>
#include <string_view>

#include <lightflow/stream/encode.hpp>

namespace lf::stream {
namespace {

// The number of `count` digits at `text[at]`, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count) noexcept {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::uint64_t unix_ms_of(std::string_view text) noexcept {
  // "YYYY-MM-DDTHH:MM:SS" then ".mmm" (or any fraction) and "Z".
  constexpr std::size_t kSecondsEnd = 19;
  if (text.size() < kSecondsEnd + 1 || text[4] != '-' || text[7] != '-'
      || (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':'
      || (text.back() != 'Z' && text.back() != 'z')) {
    return 0;
  }
  const int year = digits(text, 0, 4);
  const int month = digits(text, 5, 2);
  const int day = digits(text, 8, 2);
  const int hour = digits(text, 11, 2);
  const int minute = digits(text, 14, 2);
  const int second = digits(text, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
      || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return 0;
  }
  int millis = 0;
  const std::size_t fraction_end = text.size() - 1;
  if (fraction_end > kSecondsEnd) {
    if (text[kSecondsEnd] != '.' || fraction_end == kSecondsEnd + 1) {
      return 0;
    }
    int scale = 100;
    for (std::size_t i = kSecondsEnd + 1; i < fraction_end; ++i) {
      const char c = text[i];
      if (c < '0' || c > '9') {
        return 0;
      }
      millis += (c - '0') * scale;
      scale /= 10;
    }
  }
  const std::chrono::year_month_day date{std::chrono::year(year),
                                         std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) {
    return 0;
  }
  const auto days = std::chrono::sys_days(date).time_since_epoch().count();
  const std::int64_t seconds =
      static_cast<std::int64_t>(days) * 86400 + hour * 3600 + minute * 60 + second;
  return static_cast<std::uint64_t>(seconds) * 1000U + static_cast<std::uint64_t>(millis);
}

}  // namespace lf::stream
