#include "cli/clock_text.h"

#include <fmt/format.h>
#include <iostream>

#include "engine/calendar.h"

namespace sunlit::cli {

std::string format_deadline(Instant due) {
  Instant local = due + kShanghaiOffset;
  Instant second_of_day = ((local % 86400) + 86400) % 86400;
  Day day = local_day(due);
  if (second_of_day == 0) return format_day(day - 1) + " 24:00";
  return fmt::format("{} {:02}:{:02}", format_day(day), second_of_day / 3600, second_of_day % 3600 / 60);
}

std::string deadline_text(const DeadlineView& d) {
  std::string out = "ends " + format_deadline(d.due);
  if (!d.left_text.empty()) out += " · " + d.left_text;
  if (!d.warning.empty()) out += " · " + d.warning + " card";
  if (d.estimated) out += " (estimated: the calendar has no data for that year)";
  return out;
}

nlohmann::json deadline_json(const DeadlineView& d) {
  return {{"due", format_local(d.due)},       {"ends", format_deadline(d.due)},
          {"limit", {{"amount", d.limit.amount}, {"unit", to_string(d.limit.unit)}, {"article", d.limit.article}}},
          {"left", d.left},                   {"left_text", d.left_text},
          {"warning", d.warning},             {"estimated", d.estimated}};
}

nlohmann::json warning_json(const WarningView& w) {
  return {{"case", w.case_id}, {"power", w.power}, {"colour", w.colour}, {"step", w.step},
          {"step_name", w.step_name}, {"post", w.post}, {"department", w.department},
          {"due", format_local(w.due)}, {"raised_at", format_local(w.raised_at)}, {"active", w.active}};
}

bool parse_time_option(const std::string& option, const std::string& text, Instant& out) {
  auto t = parse_instant(text);
  if (!t) {
    std::cerr << fmt::format("sunlit: error: {} '{}' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])\n",
                             option, text);
    return false;
  }
  out = *t;
  return true;
}

}  // namespace sunlit::cli
