// STUB (to be replaced by the calendar implementation): lets the tree link meanwhile.
#include "engine/calendar.h"

namespace sunlit {

std::optional<Day> make_day(int, int, int) { return std::nullopt; }
std::optional<Day> parse_day(std::string_view) { return std::nullopt; }
std::string format_day(Day) { return {}; }
int year_of(Day) { return 1970; }
int weekday(Day d) { return static_cast<int>(((d % 7) + 10) % 7); }
Day local_day(Instant t) { return (t + kShanghaiOffset) / 86400; }
Instant day_start(Day d) { return d * 86400 - kShanghaiOffset; }
std::optional<CalendarFile> parse_calendar_file(const std::string&, std::string_view, Diagnostics&) { return std::nullopt; }
const Calendar& Calendar::builtin() { static Calendar c; return c; }
void Calendar::add(const CalendarFile&) {}
bool Calendar::is_workday(Day d, std::vector<int>*) const { return weekday(d) < 5; }
const CalendarDay* Calendar::listed(Day) const { return nullptr; }
PeriodEnd Calendar::add(Instant start, double, Unit) const { return {start, {}}; }
std::int64_t Calendar::workdays_between(Day, Day, std::vector<int>*) const { return 0; }
Instant Calendar::workdays_before(Instant end, int, std::vector<int>*) const { return end; }

}  // namespace sunlit
