// The statutory clock's calendar: mainland China's working days, and how the law counts a period.
//
// Contract: a Calendar knows, for each year it covers, which dates are statutory holidays
// (放假) and which weekend dates are adjusted working days (调休上班); every other date is a
// working day exactly when it is Monday to Friday. Years come from data files in the
// holiday-cn format ({"year": Y, "papers": [...], "days": [{"name", "date", "isOffDay"}]});
// the years 2020-2026 are compiled in (data/calendar/cn/*.json, derived from
// NateScarlet/holiday-cn, MIT), more years can be added as files at run time (next year's
// State Council notice), and a local override (a district's extra closure day) is a file of
// the same shape with "local": true and no year, whose days win over the national ones
// whatever the order the files were added in.
// A year's file may list days of the neighbouring years (2023.json lists 2022-12-31): those
// days are honoured, but only the file's own `year` counts as covered.
//
// Period rules (shared/domain.md "Time: how the law counts it"), all in Asia/Shanghai local
// dates; instants are UTC seconds (engine/clock.h):
//   - the day a period starts is not counted; a period ends at 24:00 of its last day, which is
//     the instant 00:00 local of the following date;
//   - workdays: count forward over working days only (weekends and holidays skipped, adjusted
//     working days counted);
//   - days: count calendar days; if the last day is not a working day, the period ends at
//     24:00 of the next working day (Civil Procedure Law art. 85);
//   - months: the same day number N months later (clamped to the month's end), then as days;
//   - hours: start + amount hours, exactly, with no calendar.
// Fractional amounts: workdays/days/months round up to whole days; hours are exact seconds.
//
// Dates outside the covered years are never a silent guess: every answer says which years it
// had to assume (ordinary Monday-Friday weeks, no holidays). The CLI refuses such answers; the
// runtime stores them marked as estimated and shows the mark.
//
// No I/O and no clock here: files are parsed from text given by the caller.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.h"
#include "engine/definition.h"
#include "engine/diagnostic.h"

namespace sunlit {

// A local date, as days since 1970-01-01 (so 1970-01-01 is 0; Thursday).
using Day = std::int64_t;

// Days since the epoch of a proleptic Gregorian date; nullopt if not a real date.
std::optional<Day> make_day(int year, int month, int day);
// "YYYY-MM-DD" -> Day; nullopt if malformed or not a real date.
std::optional<Day> parse_day(std::string_view text);
// Day -> "YYYY-MM-DD".
std::string format_day(Day d);
// The year of a day.
int year_of(Day d);
// 0 = Monday ... 6 = Sunday.
int weekday(Day d);
// The local (Asia/Shanghai) date of an instant, and the instant of a local date's 00:00.
Day local_day(Instant t);
Instant day_start(Day d);

// One listed date of a calendar file.
struct CalendarDay {
  Day day = 0;
  bool off = false;   // true: a holiday (no work); false: an adjusted working day
  std::string name;   // e.g. "国庆节"
  bool local = false; // from a local override file
};

// One calendar data file, parsed.
struct CalendarFile {
  std::string source;              // file name, for messages
  std::optional<int> year;         // the year it covers (national files); unset for local files
  bool local = false;              // a local override
  std::vector<std::string> papers; // the notices it comes from
  std::vector<CalendarDay> days;
};

// Limits on a calendar file (hostile input): its size and how many days it lists.
inline constexpr std::size_t kMaxCalendarFileBytes = 1 << 20;
inline constexpr std::size_t kMaxCalendarDays = 1000;

// Parses a calendar file's JSON text; errors (with `source` as the file) go to diags, each
// with a stable code (calendar-json, calendar-too-large, calendar-shape, calendar-year,
// calendar-day) and the text's line and column. Never throws.
std::optional<CalendarFile> parse_calendar_file(const std::string& source, std::string_view text,
                                                Diagnostics& diags);

// One listed day of a compiled-in file, as C++ data (read by the build from the file's JSON).
struct EmbeddedCalendarDay {
  int year, month, day;
  bool off;
  const char* name;
};

// One compiled-in national file (generated/calendar_data.cpp, from data/calendar/cn/): its text,
// and the same content as tables, so building the built-in calendar parses no JSON at run time
// (a test checks the two agree).
struct EmbeddedCalendarFile {
  const char* name;  // "2025.json"
  std::string_view text;
  int year;
  std::span<const char* const> papers;
  std::span<const EmbeddedCalendarDay> days;
};
std::span<const EmbeddedCalendarFile> embedded_calendar_files();
// A compiled-in file as a CalendarFile, from its tables (source "built in: 2025.json").
CalendarFile embedded_file(const EmbeddedCalendarFile& f);

// An amount of time in the law's unit, for people: "1 working day", "3 days", "5 hours"
// (months are counted in days).
std::string unit_words(std::int64_t n, Unit u);

// The answer to a period question, with the years it had to assume.
struct PeriodEnd {
  Instant end = 0;                   // the instant the period ends (exclusive: 24:00 of the last day)
  std::vector<int> assumed_years;    // years outside the calendar's data; empty: exact
  bool estimated() const { return !assumed_years.empty(); }
};

// A working-day calendar built from data files.
class Calendar {
 public:
  Calendar() = default;
  // The compiled-in national data, 2020-2026.
  static const Calendar& builtin();

  // Adds a file's days (later files win on the same date; local days win over national ones);
  // national files add their year. A file replaces, as a whole, an earlier national file of the
  // same year or an earlier local file of the same source (a corrected notice or closure list).
  void add(const CalendarFile& file);
  // The files in force, in the order added (builtin first), e.g. for `sunlit calendar years`.
  const std::vector<CalendarFile>& files() const { return files_; }

  // Whether a year's holidays are known.
  bool covers(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }

  // Whether a date is a working day; `assumed` (if given) collects the year if not covered.
  bool is_workday(Day d, std::vector<int>* assumed = nullptr) const;
  // The listed entry of a date (holiday name, adjusted working day), if any.
  const CalendarDay* listed(Day d) const;

  // When a period of `amount` `unit` that starts at `start` ends.
  PeriodEnd add(Instant start, double amount, Unit unit) const;
  // The last day of a period: the local date before its end instant (24:00 ends the day before).
  static Day last_day(Instant end) { return local_day(end - 1); }
  // Working days in (from, to]: days after `from`, up to and including `to` (negative if to < from).
  std::int64_t workdays_between(Day from, Day to, std::vector<int>* assumed = nullptr) const;
  // The instant `n` working days before `end`'s date starts, i.e. 00:00 of the n-th working day
  // counted back from the period's last day (n = 1: the start of the last working day).
  Instant workdays_before(Instant end, int n, std::vector<int>* assumed = nullptr) const;

 private:
  Day roll_to_workday(Day d, std::vector<int>* assumed) const;
  void index_listed();  // rebuilds listed_ and shift_ from days_ and local_
  // Listed dates in [lo, hi] (their count), and what they change in the Monday-Friday count.
  std::int64_t listed_count(Day lo, Day hi) const;
  std::int64_t listed_shift(Day lo, Day hi) const;

  std::vector<CalendarFile> files_;    // in force, in order; the maps below derive from them
  std::map<Day, CalendarDay> days_;    // national listings
  std::map<Day, CalendarDay> local_;   // local overrides (win over days_)
  std::set<int> years_;
  // Every listed date in order, and shift_[i]: the working days the first i listed dates add to
  // (adjusted Saturday: +1) or take from (holiday on a weekday: -1) a Monday-Friday count.
  std::vector<Day> listed_;
  std::vector<std::int64_t> shift_ = {0};
};

// The builtin calendar plus `files` added in order (later wins).
Calendar calendar_with(const std::vector<CalendarFile>& files);

// A calendar file's name and JSON text (e.g. a Store CalendarFileRecord's source and content).
struct CalendarText {
  std::string source;
  std::string text;
};
// The builtin calendar plus each text parsed and added in order (later wins). A text that does
// not parse is skipped and its errors go to `diags`. The database calendar is
// calendar_with({{r.source, r.content} for r in Store::calendar_files()}, diags).
Calendar calendar_with(const std::vector<CalendarText>& texts, Diagnostics& diags);

}  // namespace sunlit
