// Calendar::workdays_between counts in closed form (weeks plus the listed dates in range); these
// tests hold it to the day-by-day count it replaced — the same number and the same assumed years —
// over many random ranges, inside and outside the calendar's data, with local and added files.
#include <catch2/catch.hpp>

#include <random>

#include "engine/calendar.h"
#include "support.h"

using namespace sunlit;

namespace {

Day day(const char* text) {
  auto d = parse_day(text);
  REQUIRE(d.has_value());
  return *d;
}

CalendarFile parse_ok(const std::string& text) {
  Diagnostics diags;
  auto f = parse_calendar_file("test.json", text, diags);
  INFO(diags.render());
  REQUIRE(f.has_value());
  return *f;
}

// The definition: ask is_workday() of every day in (from, to]; negative when to < from.
std::int64_t day_by_day(const Calendar& c, Day from, Day to, std::vector<int>* assumed) {
  if (to < from) return -day_by_day(c, to, from, assumed);
  std::int64_t count = 0;
  for (Day d = from + 1; d <= to; ++d) count += c.is_workday(d, assumed) ? 1 : 0;
  return count;
}

// Checks both counts agree, with and without an `assumed` list (empty, or holding a year already).
void same(const Calendar& c, Day from, Day to) {
  INFO(format_day(from) << " .. " << format_day(to));
  std::vector<int> want, got;
  CHECK(c.workdays_between(from, to, &got) == day_by_day(c, from, to, &want));
  CHECK(got == want);
  CHECK(c.workdays_between(from, to) == day_by_day(c, from, to, nullptr));
  std::vector<int> want2{2019}, got2{2019};
  day_by_day(c, from, to, &want2);
  c.workdays_between(from, to, &got2);
  CHECK(got2 == want2);
}

// The calendars to compare on: the built-in data; with a local override (two closures, one in an
// uncovered year, and a whole uncovered week listed); with a 2027 notice; with 2025 replaced.
std::vector<Calendar> calendars() {
  CalendarFile local = parse_ok(R"({"local": true, "days": [
    {"name": "台风停工", "date": "2025-10-09", "isOffDay": true},
    {"name": "补班", "date": "2025-10-12", "isOffDay": false},
    {"name": "closure", "date": "2030-05-06", "isOffDay": true},
    {"name": "w", "date": "2031-03-01", "isOffDay": false}, {"name": "w", "date": "2031-03-02", "isOffDay": true},
    {"name": "w", "date": "2031-03-03", "isOffDay": true}, {"name": "w", "date": "2031-03-04", "isOffDay": false},
    {"name": "w", "date": "2031-03-05", "isOffDay": true}, {"name": "w", "date": "2031-03-06", "isOffDay": false},
    {"name": "w", "date": "2031-03-07", "isOffDay": true}]})");
  CalendarFile y2027 = parse_ok(R"({"year": 2027, "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": false},
    {"name": "x", "date": "2028-01-01", "isOffDay": false}]})");
  CalendarFile y2025 = parse_ok(R"({"year": 2025, "days": [
    {"name": "国庆节", "date": "2025-10-01", "isOffDay": true}]})");
  return {Calendar::builtin(), calendar_with({local}), calendar_with({y2027, local}), calendar_with({y2025}),
          Calendar()};
}

}  // namespace

TEST_CASE("workdays_between equals the day-by-day count over random ranges, assumed years included") {
  std::mt19937_64 rng(20261122);
  const Day lo = day("2010-01-01"), hi = day("2036-12-31");
  std::uniform_int_distribution<Day> anywhere(lo, hi);
  std::uniform_int_distribution<Day> near(day("2019-11-01"), day("2027-03-01"));
  std::uniform_int_distribution<Day> short_len(-40, 40), long_len(-4000, 4000);
  for (const Calendar& c : calendars()) {
    for (int i = 0; i < 1500; ++i) {
      const Day from = i % 2 ? anywhere(rng) : near(rng);
      same(c, from, from + (i % 3 ? short_len(rng) : long_len(rng)));
    }
  }
}

TEST_CASE("workdays_between at the edges: empty ranges, year ends, listed days in uncovered years") {
  for (const Calendar& c : calendars()) {
    for (const char* d : {"2019-12-31", "2020-01-01", "2026-12-31", "2027-01-01", "2025-10-08", "2030-05-05",
                          "2031-02-28", "2031-03-07", "1970-01-01", "1969-12-28"}) {
      const Day from = day(d);
      for (Day len = -15; len <= 15; ++len) same(c, from, from + len);
    }
    same(c, day("1900-01-01"), day("2100-12-31"));  // centuries, most of them assumed
  }
  // A range wholly inside listed days of an uncovered year assumes nothing, as day by day.
  Calendar c = calendars()[1];
  std::vector<int> assumed;
  CHECK(c.workdays_between(day("2031-02-28"), day("2031-03-07"), &assumed) == 3);
  CHECK(assumed.empty());
  CHECK(c.workdays_between(day("2030-05-05"), day("2030-05-06"), &assumed) == 0);  // the closure, listed
  CHECK(assumed.empty());
  CHECK(c.workdays_between(day("2030-05-05"), day("2030-05-07"), &assumed) == 1);
  CHECK(assumed == std::vector<int>{2030});
}
