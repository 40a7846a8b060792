#include "engine/clock.h"

#include <charconv>
#include <chrono>
#include <fmt/format.h>

namespace sunlit {

namespace {

using namespace std::chrono;

// Fields of a broken-down instant (after adding an offset).
struct Civil {
  int year;
  unsigned month, day;
  long long hour, minute, second;
};

Civil civil(Instant t) {
  auto days = static_cast<long long>(t >= 0 ? t / 86400 : (t - 86399) / 86400);
  long long rem = t - days * 86400;
  year_month_day ymd{sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
          rem / 3600, rem % 3600 / 60, rem % 60};
}

// Reads exactly `n` digits at s[pos], advancing pos.
bool digits(std::string_view s, size_t& pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + n, out);
  pos += n;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

// Parses the optional "Z" / "+HH:MM" suffix; default is Shanghai local.
bool offset(std::string_view s, size_t& pos, Instant& off) {
  off = kShanghaiOffset;
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') {
    off = 0;
    return ++pos == s.size();
  }
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos++] == '-' ? -1 : 1, hh = 0, mm = 0;
  if (!digits(s, pos, 2, hh) || !expect(s, pos, ':') || !digits(s, pos, 2, mm)) return false;
  if (hh > 23 || mm > 59) return false;
  off = sign * (hh * 3600 + mm * 60);
  return pos == s.size();
}

}  // namespace

std::string format_local(Instant t) {
  Civil c = civil(t + kShanghaiOffset);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+08:00", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::string format_utc(Instant t) {
  Civil c = civil(t);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second);
}

std::optional<Instant> parse_instant(std::string_view s) {
  size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, mo) || !expect(s, pos, '-') ||
      !digits(s, pos, 2, d))
    return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    ++pos;
    if (!digits(s, pos, 2, h) || !expect(s, pos, ':') || !digits(s, pos, 2, mi)) return std::nullopt;
    if (pos < s.size() && s[pos] == ':' && !(++pos, digits(s, pos, 2, se))) return std::nullopt;
    if (h > 23 || mi > 59 || se > 59) return std::nullopt;
  }
  Instant off = 0;
  if (!offset(s, pos, off)) return std::nullopt;
  Instant days = sys_days{ymd}.time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + se - off;
}

}  // namespace sunlit
