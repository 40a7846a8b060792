// The working-day calendar: exact date arithmetic and the law's period rules (calendar.h).
#include "engine/calendar.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace sunlit {
namespace {

// Floor division (C++ '/' truncates toward zero).
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// Howard Hinnant's days_from_civil: proleptic Gregorian date -> days since 1970-01-01.
Day days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(y, 400);
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The inverse: days since 1970-01-01 -> year, month (1-12), day (1-31).
struct Civil {
  std::int64_t y;
  unsigned m, d;
};
Civil civil_from_days(Day z) {
  z += 719468;
  const std::int64_t era = floor_div(z, 146097);
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Periods longer than this many days are cut (about 2,700 years: no statute asks for more);
// it keeps hostile amounts from looping for ever.
constexpr double kMaxPeriodDays = 1'000'000;

// Whole days of a fractional amount: rounded up, negatives and NaN as 0, bounded.
std::int64_t whole_days(double amount) {
  if (!(amount > 0)) return 0;
  return static_cast<std::int64_t>(std::ceil(std::min(amount, kMaxPeriodDays)));
}

// Monday-to-Friday days before `d`, counted from Monday 1970-01-05 (negative before it): the
// difference of two of these is the count in a range.
std::int64_t mondays_to_fridays_before(Day d) {
  const std::int64_t n = d - 4;
  const std::int64_t weeks = floor_div(n, 7);
  return 5 * weeks + std::min<std::int64_t>(n - 7 * weeks, 5);
}

void note_year(std::vector<int>* assumed, int year) {
  if (assumed && std::find(assumed->begin(), assumed->end(), year) == assumed->end()) {
    assumed->insert(std::upper_bound(assumed->begin(), assumed->end(), year), year);
  }
}

}  // namespace

std::optional<Day> make_day(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return std::nullopt;
  if (static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month))) return std::nullopt;
  return days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<Day> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < lengths[i]; ++k) {
      const char c = text[static_cast<std::size_t>(starts[i] + k)];
      if (c < '0' || c > '9') return std::nullopt;
      parts[i] = parts[i] * 10 + (c - '0');
    }
  }
  return make_day(parts[0], parts[1], parts[2]);
}

std::string format_day(Day d) {
  const Civil c = civil_from_days(d);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

int year_of(Day d) { return static_cast<int>(civil_from_days(d).y); }

int weekday(Day d) { return static_cast<int>(((d % 7) + 10) % 7); }

Day local_day(Instant t) { return floor_div(t + kShanghaiOffset, 86400); }

Instant day_start(Day d) { return d * 86400 - kShanghaiOffset; }

CalendarFile embedded_file(const EmbeddedCalendarFile& f) {
  CalendarFile file;
  file.source = std::string("built in: ") + f.name;
  file.year = f.year;
  for (const char* paper : f.papers) file.papers.emplace_back(paper);
  for (const EmbeddedCalendarDay& d : f.days)
    if (auto day = make_day(d.year, d.month, d.day)) file.days.push_back({*day, d.off, d.name, false});
  return file;
}

std::string unit_words(std::int64_t n, Unit u) {
  const char* one = u == Unit::workdays ? "working day" : u == Unit::hours ? "hour" : "day";
  const char* many = u == Unit::workdays ? "working days" : u == Unit::hours ? "hours" : "days";
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

const Calendar& Calendar::builtin() {
  static const Calendar calendar = [] {
    Calendar c;
    for (const EmbeddedCalendarFile& f : embedded_calendar_files()) c.add(embedded_file(f));
    return c;
  }();
  return calendar;
}

void Calendar::add(const CalendarFile& file) {
  const bool replaces = std::erase_if(files_, [&](const CalendarFile& f) {
    return file.local ? f.local && f.source == file.source : !f.local && f.year && f.year == file.year;
  }) > 0;
  files_.push_back(file);
  if (replaces) {  // rebuild the listings without the replaced file's days
    days_.clear();
    local_.clear();
    for (const CalendarFile& f : files_) {
      for (const CalendarDay& d : f.days) (f.local ? local_ : days_)[d.day] = d;
    }
  } else {
    for (const CalendarDay& d : file.days) (file.local ? local_ : days_)[d.day] = d;
  }
  if (!file.local && file.year) years_.insert(*file.year);
  index_listed();
}

void Calendar::index_listed() {
  listed_.clear();
  shift_.assign(1, 0);
  auto note = [&](Day d) {
    listed_.push_back(d);
    const CalendarDay* entry = listed(d);
    shift_.push_back(shift_.back() + (entry->off ? 0 : 1) - (weekday(d) < 5 ? 1 : 0));
  };
  auto n = days_.begin();
  auto l = local_.begin();
  while (n != days_.end() || l != local_.end()) {  // merge the two maps' dates, each once
    if (l == local_.end() || (n != days_.end() && n->first < l->first)) {
      note((n++)->first);
    } else {
      if (n != days_.end() && n->first == l->first) ++n;
      note((l++)->first);
    }
  }
}

std::int64_t Calendar::listed_count(Day lo, Day hi) const {
  return std::upper_bound(listed_.begin(), listed_.end(), hi) - std::lower_bound(listed_.begin(), listed_.end(), lo);
}

std::int64_t Calendar::listed_shift(Day lo, Day hi) const {
  const auto first = std::lower_bound(listed_.begin(), listed_.end(), lo) - listed_.begin();
  const auto last = std::upper_bound(listed_.begin(), listed_.end(), hi) - listed_.begin();
  return shift_[static_cast<std::size_t>(last)] - shift_[static_cast<std::size_t>(first)];
}

const CalendarDay* Calendar::listed(Day d) const {
  if (auto it = local_.find(d); it != local_.end()) return &it->second;
  if (auto it = days_.find(d); it != days_.end()) return &it->second;
  return nullptr;
}

bool Calendar::is_workday(Day d, std::vector<int>* assumed) const {
  if (const CalendarDay* entry = listed(d)) return !entry->off;
  const int year = year_of(d);
  if (!covers(year)) note_year(assumed, year);
  return weekday(d) < 5;
}

Day Calendar::roll_to_workday(Day d, std::vector<int>* assumed) const {
  while (!is_workday(d, assumed)) ++d;
  return d;
}

PeriodEnd Calendar::add(Instant start, double amount, Unit unit) const {
  PeriodEnd out;
  if (unit == Unit::hours) {
    const double seconds = std::isfinite(amount) && amount > 0
                               ? std::round(std::min(amount, kMaxPeriodDays * 24) * 3600)
                               : 0;
    out.end = start + static_cast<Instant>(seconds);
    return out;
  }
  const Day first = local_day(start);  // the starting day itself is not counted
  const std::int64_t n = whole_days(amount);
  Day last = first;
  if (unit == Unit::workdays) {
    for (std::int64_t counted = 0; counted < n;) {
      if (is_workday(++last, &out.assumed_years)) ++counted;
    }
  } else if (unit == Unit::days) {
    last = n > 0 ? roll_to_workday(first + n, &out.assumed_years) : first;
  } else {  // months: same day number n months later, clamped to the month's end, then as days
    const Civil c = civil_from_days(first);
    const std::int64_t months = c.y * 12 + (c.m - 1) + std::min<std::int64_t>(n, 12 * 10000);
    const std::int64_t y = std::min<std::int64_t>(floor_div(months, 12), 9999);
    const auto m = static_cast<unsigned>(months - floor_div(months, 12) * 12 + 1);
    last = days_from_civil(y, m, std::min(c.d, days_in_month(y, m)));
    if (n > 0) last = roll_to_workday(last, &out.assumed_years);
  }
  out.end = day_start(last + 1);  // 24:00 of the last day
  return out;
}

std::int64_t Calendar::workdays_between(Day from, Day to, std::vector<int>* assumed) const {
  if (to < from) return -workdays_between(to, from, assumed);
  if (to == from) return 0;
  // Closed form, the same answer as asking is_workday() of each day in (from, to]: the Monday to
  // Friday count, shifted by the listed dates in range; a year outside the data is assumed when
  // one of its days in range is not listed (is_workday() notes exactly those).
  const Day lo = from + 1, hi = to;
  if (assumed) {
    for (int y = year_of(lo), last = year_of(hi); y <= last; ++y) {
      if (covers(y)) continue;
      const Day a = std::max(lo, days_from_civil(y, 1, 1)), b = std::min(hi, days_from_civil(y, 12, 31));
      if (listed_count(a, b) < b - a + 1) note_year(assumed, y);
    }
  }
  return mondays_to_fridays_before(hi + 1) - mondays_to_fridays_before(lo) + listed_shift(lo, hi);
}

Instant Calendar::workdays_before(Instant end, int n, std::vector<int>* assumed) const {
  if (n <= 0) return end;
  Day d = last_day(end) + 1;
  for (int counted = 0; counted < n;) {
    if (is_workday(--d, assumed)) ++counted;
  }
  return day_start(d);
}

Calendar calendar_with(const std::vector<CalendarFile>& files) {
  Calendar c = Calendar::builtin();
  for (const CalendarFile& f : files) c.add(f);
  return c;
}

Calendar calendar_with(const std::vector<CalendarText>& texts, Diagnostics& diags) {
  Calendar c = Calendar::builtin();
  for (const CalendarText& t : texts) {
    if (auto file = parse_calendar_file(t.source, t.text, diags)) c.add(*file);
  }
  return c;
}

}  // namespace sunlit
