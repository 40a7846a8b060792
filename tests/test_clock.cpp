#include <catch2/catch.hpp>

#include "engine/clock.h"

using namespace sunlit;

TEST_CASE("instants print in Asia/Shanghai local time and in UTC") {
  Instant t = 1763778845;  // 2025-11-22T02:34:05Z
  CHECK(format_utc(t) == "2025-11-22T02:34:05Z");
  CHECK(format_local(t) == "2025-11-22T10:34:05+08:00");
  CHECK(format_local(0) == "1970-01-01T08:00:00+08:00");
}

TEST_CASE("a date alone is local midnight; offsets are honoured") {
  CHECK(parse_instant("2025-10-01") == parse_instant("2025-09-30T16:00:00Z"));
  CHECK(parse_instant("2025-10-01T09:30") == parse_instant("2025-10-01T01:30:00Z"));
  CHECK(parse_instant("2025-10-01T09:30:00+08:00") == parse_instant("2025-10-01T01:30Z"));
  CHECK(parse_instant("2025-10-01T00:00-05:00") == parse_instant("2025-10-01T05:00Z"));
  CHECK(*parse_instant("1970-01-01T00:00:00Z") == 0);
}

TEST_CASE("text that is not a real instant is refused") {
  for (const char* bad : {"", "2025", "2025-02-30", "2025-13-01", "2025-10-01T24:00", "2025-10-01T10:00+8",
                          "2025-10-01Tx", "2025-10-01 10:00 Z", "tomorrow", "2025-10-01Z1"}) {
    INFO(bad);
    CHECK_FALSE(parse_instant(bad).has_value());
  }
}

TEST_CASE("instants before 1970 print correctly") {
  CHECK(format_utc(-1) == "1969-12-31T23:59:59Z");
  CHECK(parse_instant("1969-12-31T23:59:59Z") == -1);
}
