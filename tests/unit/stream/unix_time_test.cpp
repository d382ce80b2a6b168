// Run times (RFC 3339 UTC) become the frames' Unix milliseconds.

#include <catch2/catch.hpp>

#include <lightflow/stream/encode.hpp>

TEST_CASE("run times become Unix milliseconds; anything else is 0", "[stream][time]") {
  using lf::stream::unix_ms_of;
  CHECK(unix_ms_of("1970-01-01T00:00:00.000Z") == 0);
  CHECK(unix_ms_of("1970-01-01T00:00:01.5Z") == 1500);
  CHECK(unix_ms_of("2026-11-28T10:00:00.123Z") == 1'795'860'000'123ULL);
  CHECK(unix_ms_of("2024-02-29T23:59:59Z") == 1'709'251'199'000ULL);
  CHECK(unix_ms_of("2026-11-28T10:00:00.123456Z") == 1'795'860'000'123ULL);
  CHECK(unix_ms_of("") == 0);
  CHECK(unix_ms_of("2026-11-28 10:00:00Z") == 0);
  CHECK(unix_ms_of("2026-11-28T10:00:00+01:00") == 0);
  CHECK(unix_ms_of("2023-02-29T00:00:00Z") == 0);
  CHECK(unix_ms_of("2026-13-01T00:00:00Z") == 0);
  CHECK(unix_ms_of("2026-11-28T10:00:00.Z") == 0);
}
