// `sunlit calendar add|is-workday|between|import|years`: the working-day calendar for people and
// scripts (docs/calendar.md).
//
// The calendar used is the built-in national data, then the files imported into the database
// (if the database file exists: these commands never create one, except `import`), then any
// `--calendar FILE` given, later files winning. An answer that would need a year the calendar
// does not cover is refused (exit 1) with how to add that year; the CLI never prints a guess.
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/calendar.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::ordered_json;

// Options of the calendar subcommands.
struct CalendarOptions {
  std::string date, to, amount, unit, by = "unspecified";
  std::vector<std::string> files, extra;
  bool json = false;
};

const char* kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

// A file's text (at most the parser's limit + 1 byte, so the parser reports larger files).
std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(kMaxCalendarFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return std::nullopt;
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

// Reads and parses calendar files; exit code 1 (errors printed) or 3 (unreadable) on failure.
int parse_files(const std::vector<std::string>& paths, std::vector<std::pair<CalendarFile, std::string>>& out) {
  Diagnostics diags;
  for (const std::string& path : paths) {
    auto text = read_text(path);
    if (!text) {
      std::cerr << fmt::format("sunlit: error: cannot read calendar file {}\n", path);
      return kExitIo;
    }
    diags.add_source(path, *text);
    if (auto file = parse_calendar_file(path, *text, diags)) out.emplace_back(std::move(*file), std::move(*text));
  }
  if (diags.empty()) return kExitOk;
  std::cerr << diags.render();
  return kExitInputErrors;
}

// The calendar in force: builtin + the database's imported files + --calendar files.
std::variant<Calendar, int> load_calendar(const CalendarOptions& o) {
  std::vector<CalendarFile> files;
  if (std::error_code ec; std::filesystem::exists(globals().db, ec)) {
    auto s = open_session();
    if (auto* code = std::get_if<int>(&s)) return *code;
    auto records = std::get<Session>(s).store->calendar_files();
    if (!records) {
      std::cerr << "sunlit: error: " << records.error().message << "\n";
      return kExitIo;
    }
    Diagnostics diags;
    for (const CalendarFileRecord& r : *records) {
      if (auto f = parse_calendar_file(r.source, r.content, diags)) {
        f->source = fmt::format("{} (imported {} by {})", r.source, format_local(r.imported_at), r.imported_by);
        files.push_back(std::move(*f));
      }
    }
    for (const Diagnostic& d : diags.items())  // cannot happen for files checked at import
      std::cerr << fmt::format("sunlit: warning: imported calendar file {} is ignored: {}\n", d.file, d.message);
  }
  std::vector<std::pair<CalendarFile, std::string>> extra;
  if (int rc = parse_files(o.extra, extra); rc != kExitOk) return rc;
  for (auto& [f, text] : extra) files.push_back(std::move(f));
  return calendar_with(files);
}

// "2020-2026" or "2020-2026, 2028".
std::string year_ranges(const std::set<int>& years) {
  std::string out;
  for (auto it = years.begin(); it != years.end();) {
    int first = *it, last = *it;
    while (++it != years.end() && *it == last + 1) last = *it;
    out += (out.empty() ? "" : ", ") + (first == last ? std::to_string(first) : fmt::format("{}-{}", first, last));
  }
  return out.empty() ? "no year" : out;
}

// Refuses an answer that needed years the calendar lacks (exit 1), else 0.
int refuse_assumed(const Calendar& cal, const std::vector<int>& assumed) {
  if (assumed.empty()) return kExitOk;
  std::string years;
  for (std::size_t i = 0; i < assumed.size(); ++i)
    years += (i == 0 ? "" : i + 1 == assumed.size() ? " and " : ", ") + std::to_string(assumed[i]);
  std::cerr << fmt::format(
      "sunlit: error: the calendar has no holiday data for {} (it covers {}), so the answer would be a guess.\n"
      "sunlit: add the State Council's notice for {} as a calendar file (docs/calendar.md): "
      "sunlit calendar import {}.json\n",
      years, year_ranges(cal.years()), years, assumed.front());
  return kExitInputErrors;
}

// A DATE argument: a date or an instant (clock.h); nullopt (message printed) if neither.
std::optional<Instant> parse_when(const std::string& text, const char* what) {
  if (auto t = parse_instant(text)) return t;
  std::cerr << fmt::format("sunlit: error: {} '{}' is not a date or time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])\n",
                           what, text);
  return std::nullopt;
}

std::optional<Unit> parse_unit(const std::string& text) {
  if (text == "workdays" || text == "workday") return Unit::workdays;
  if (text == "days" || text == "day") return Unit::days;
  if (text == "hours" || text == "hour") return Unit::hours;
  if (text == "months" || text == "month") return Unit::months;
  return std::nullopt;
}

std::optional<double> parse_amount(const std::string& text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !(v >= 0) || v > 100000) return std::nullopt;
  return v;
}

int run_add(const CalendarOptions& o) {
  auto start = parse_when(o.date, "DATE");
  if (!start) return kExitUsage;
  auto amount = parse_amount(o.amount);
  if (!amount) {
    std::cerr << fmt::format("sunlit: error: AMOUNT '{}' must be a number from 0 to 100000, e.g. 20 or 1.5\n", o.amount);
    return kExitUsage;
  }
  auto unit = parse_unit(o.unit);
  if (!unit) {
    std::cerr << fmt::format("sunlit: error: UNIT '{}' must be workdays, days, hours or months\n", o.unit);
    return kExitUsage;
  }
  auto loaded = load_calendar(o);
  if (auto* code = std::get_if<int>(&loaded)) return *code;
  const Calendar& cal = std::get<Calendar>(loaded);
  PeriodEnd p = cal.add(*start, *amount, *unit);
  if (int rc = refuse_assumed(cal, p.assumed_years); rc != kExitOk) return rc;
  const std::string last = format_day(Calendar::last_day(p.end));
  if (o.json) {
    json j{{"start", format_local(*start)}, {"amount", *amount == std::floor(*amount) ? json(static_cast<std::int64_t>(*amount)) : json(*amount)}, {"unit", to_string(*unit)}, {"last_day", last},
           {"ends_at", format_local(p.end)}, {"ends_at_utc", format_utc(p.end)}};
    std::cout << j.dump(2) << "\n";
  } else if (*unit == Unit::hours) {
    std::cout << fmt::format("{}  ({} hours after {})\n", format_local(p.end), o.amount, format_local(*start));
  } else {
    std::cout << fmt::format("{}  (the period ends at 24:00 of {}, i.e. {}; {} {} after {}, which is not counted)\n",
                             last, last, format_local(p.end), o.amount, to_string(*unit), format_day(local_day(*start)));
  }
  return kExitOk;
}

// Why a date is or is not a working day: "adjusted working day, 国庆节、中秋节", "Sunday".
std::pair<std::string, std::string> reason(const Calendar& cal, Day d) {
  if (const CalendarDay* e = cal.listed(d)) {
    std::string kind = e->local ? (e->off ? "local closure" : "local working day")
                                : (e->off ? "holiday" : "adjusted working day");
    return {kind, e->name};
  }
  return {kWeekdays[weekday(d)], ""};
}

int run_is_workday(const CalendarOptions& o) {
  auto when = parse_when(o.date, "DATE");
  if (!when) return kExitUsage;
  auto loaded = load_calendar(o);
  if (auto* code = std::get_if<int>(&loaded)) return *code;
  const Calendar& cal = std::get<Calendar>(loaded);
  const Day d = local_day(*when);
  std::vector<int> assumed;
  const bool work = cal.is_workday(d, &assumed);
  if (int rc = refuse_assumed(cal, assumed); rc != kExitOk) return rc;
  auto [why, name] = reason(cal, d);
  if (o.json) {
    json j{{"date", format_day(d)}, {"workday", work}, {"weekday", kWeekdays[weekday(d)]}, {"reason", why}, {"name", name}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{} is {} working day ({}{})\n", format_day(d), work ? "a" : "not a", why,
                             name.empty() ? "" : ", " + name);
  }
  return kExitOk;
}

int run_between(const CalendarOptions& o) {
  auto from = parse_when(o.date, "FROM");
  if (!from) return kExitUsage;
  auto to = parse_when(o.to, "TO");
  if (!to) return kExitUsage;
  auto loaded = load_calendar(o);
  if (auto* code = std::get_if<int>(&loaded)) return *code;
  const Calendar& cal = std::get<Calendar>(loaded);
  std::vector<int> assumed;
  const std::int64_t n = cal.workdays_between(local_day(*from), local_day(*to), &assumed);
  if (int rc = refuse_assumed(cal, assumed); rc != kExitOk) return rc;
  const std::string a = format_day(local_day(*from)), b = format_day(local_day(*to));
  if (o.json) {
    std::cout << json{{"from", a}, {"to", b}, {"workdays", n}}.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{}  (working days after {} up to and including {})\n", n, a, b);
  }
  return kExitOk;
}

int run_import(const CalendarOptions& o) {
  std::vector<std::pair<CalendarFile, std::string>> parsed;
  if (int rc = parse_files(o.files, parsed); rc != kExitOk) return rc;  // nothing imported
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto& session = std::get<Session>(s);
  json out = json::array();
  for (const auto& [file, text] : parsed) {
    CalendarFileRecord r{0, file.source, file.year, file.local, text, session.clock->now(), o.by};
    if (auto done = session.store->import_calendar(r); !done) {
      std::cerr << "sunlit: error: " << done.error().message << "\n";
      return done.error().kind == StoreError::busy ? kExitBusy : kExitIo;
    }
    const std::string what = file.local ? "local override" : fmt::format("national calendar for {}", *file.year);
    if (o.json) out.push_back({{"file", file.source}, {"year", file.year ? json(*file.year) : json()},
                               {"local", file.local}, {"days", file.days.size()}});
    else std::cout << fmt::format("imported {}: {}, {} days listed\n", file.source, what, file.days.size());
  }
  if (o.json) std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int run_years(const CalendarOptions& o) {
  auto loaded = load_calendar(o);
  if (auto* code = std::get_if<int>(&loaded)) return *code;
  const Calendar& cal = std::get<Calendar>(loaded);
  json out = json::array();
  for (const CalendarFile& f : cal.files()) {
    std::string papers;
    for (const auto& p : f.papers) papers += (papers.empty() ? "" : " ") + p;
    if (o.json)
      out.push_back({{"year", f.year ? json(*f.year) : json()}, {"local", f.local}, {"source", f.source},
                     {"days", f.days.size()}, {"papers", f.papers}});
    else
      std::cout << fmt::format("{:<6} {}, {} days{}\n", f.local ? "local" : std::to_string(*f.year), f.source,
                               f.days.size(), papers.empty() ? "" : "; notice " + papers);
  }
  if (o.json) std::cout << out.dump(2) << "\n";
  else std::cout << fmt::format("covered: {}\n", year_ranges(cal.years()));
  return kExitOk;
}

}  // namespace

Command add_calendar(CLI::App& app) {
  auto o = std::make_shared<CalendarOptions>();
  auto* cal = app.add_subcommand("calendar", "working days and the law's periods (Asia/Shanghai)");
  cal->require_subcommand(1);
  auto common = [&](CLI::App* sub) {
    sub->add_flag("--json", o->json, "machine-readable output");
    sub->add_option("--calendar", o->extra, "also use this calendar file (repeatable; not imported)");
  };
  auto* add = cal->add_subcommand("add", "when a period ends: DATE AMOUNT UNIT (workdays, days, hours, months)");
  add->add_option("DATE", o->date, "the start, a date or a time (its day is not counted)")->required();
  add->add_option("AMOUNT", o->amount, "how many units")->required();
  add->add_option("UNIT", o->unit, "workdays, days, hours or months")->required();
  common(add);
  auto* is = cal->add_subcommand("is-workday", "whether a date is a working day, and why");
  is->add_option("DATE", o->date, "a date")->required();
  common(is);
  auto* between = cal->add_subcommand("between", "working days after FROM up to and including TO");
  between->add_option("FROM", o->date, "a date (not counted)")->required();
  between->add_option("TO", o->to, "a date (counted)")->required();
  common(between);
  auto* import = cal->add_subcommand("import", "store calendar files in the database (next year's notice, local closures)");
  import->add_option("FILE", o->files, "holiday-cn JSON files")->required();
  import->add_option("--as", o->by, "who imports (recorded)")->envname("SUNLIT_USER");
  import->add_flag("--json", o->json, "machine-readable output");
  auto* years = cal->add_subcommand("years", "the covered years and where their data comes from");
  common(years);
  return [o, add, is, between, import, years]() {
    if (add->parsed()) return run_add(*o);
    if (is->parsed()) return run_is_workday(*o);
    if (between->parsed()) return run_between(*o);
    if (import->parsed()) return run_import(*o);
    if (years->parsed()) return run_years(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
