// The working-day calendar on the real State Council data. Every expected date below was
// counted by hand from the notice cited next to it (and checked against data/calendar/cn/).
#include <catch2/catch.hpp>

#include "engine/calendar.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;

namespace {

const Calendar& cn() { return Calendar::builtin(); }

Day day(const char* text) {
  auto d = parse_day(text);
  REQUIRE(d.has_value());
  return *d;
}

Instant at(const char* text) {
  auto t = parse_instant(text);
  REQUIRE(t.has_value());
  return *t;
}

// The last day of a period (the local date before its 24:00 end), as text.
std::string last_day(const PeriodEnd& p) { return format_day(Calendar::last_day(p.end)); }

CalendarFile parse_ok(const std::string& text) {
  Diagnostics diags;
  auto f = parse_calendar_file("test.json", text, diags);
  INFO(diags.render());
  REQUIRE(f.has_value());
  CHECK(diags.empty());
  return *f;
}

}  // namespace

TEST_CASE("dates: exact civil arithmetic, weekdays, Shanghai local days") {
  CHECK(day("1970-01-01") == 0);
  CHECK(weekday(0) == 3);  // Thursday
  CHECK(format_day(day("2024-02-29")) == "2024-02-29");
  CHECK(day("2000-03-01") - day("2000-02-28") == 2);  // 2000 is a leap year
  CHECK(day("1900-03-01") - day("1900-02-28") == 1);  // 1900 is not
  CHECK(format_day(-1) == "1969-12-31");
  CHECK(year_of(day("2025-12-31")) == 2025);
  CHECK(weekday(day("2025-09-28")) == 6);  // a Sunday
  CHECK(weekday(day("2025-10-11")) == 5);  // a Saturday
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "2025/01/01", "20250101", "",
                          "2025-01-011", "２０２５-01-01"}) {
    INFO(bad);
    CHECK_FALSE(parse_day(bad).has_value());
  }
  // 2025-10-01T00:30+08:00 is still 2025-09-30 in UTC but 2025-10-01 in Shanghai.
  CHECK(format_day(local_day(at("2025-09-30T16:30:00Z"))) == "2025-10-01");
  CHECK(format_day(local_day(at("2025-09-30T15:59:59Z"))) == "2025-09-30");
  CHECK(day_start(day("2025-10-01")) == at("2025-09-30T16:00:00Z"));
  CHECK(format_day(local_day(-1)) == "1970-01-01");  // 07:59:59 local
}

TEST_CASE("the builtin calendar covers 2020-2026 from the State Council notices") {
  CHECK(cn().years() == std::set<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026});
  // 国务院办公厅关于2025年部分节假日安排的通知 (https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm):
  // 国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
  CHECK(cn().is_workday(day("2025-09-28")));
  CHECK(cn().is_workday(day("2025-10-11")));
  for (const char* off : {"2025-10-01", "2025-10-03", "2025-10-06", "2025-10-08"}) {
    INFO(off);
    CHECK_FALSE(cn().is_workday(day(off)));
  }
  CHECK_FALSE(cn().is_workday(day("2025-10-12")));  // an ordinary Sunday
  CHECK(cn().is_workday(day("2025-10-09")));        // an ordinary Thursday
  REQUIRE(cn().listed(day("2025-09-28")) != nullptr);
  CHECK(cn().listed(day("2025-09-28"))->name == "国庆节、中秋节");
  CHECK_FALSE(cn().listed(day("2025-09-28"))->off);
  // 2023.json lists 2022-12-31 (元旦 2023: 12月31日至1月2日放假), honoured although from another file.
  CHECK_FALSE(cn().is_workday(day("2022-12-31")));
  CHECK_FALSE(cn().is_workday(day("2023-01-02")));  // Monday, 元旦 holiday
}

TEST_CASE("20 working days across the 2025 National Day holiday") {
  // Notice: https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm — 10月1日至8日放假,
  // 9月28日（周日）、10月11日（周六）上班.
  // Start Fri 2025-09-26 09:00 (the start day is not counted):
  //   Sep 27 Sat off; Sep 28 Sun WORK 1; Sep 29 Mon 2; Sep 30 Tue 3; Oct 1-8 holiday;
  //   Oct 9 Thu 4; Oct 10 Fri 5; Oct 11 Sat WORK 6; Oct 12 Sun off; Oct 13-17 7..11;
  //   Oct 20-24 12..16; Oct 27 17, Oct 28 18, Oct 29 19, Oct 30 Thu 20.
  // Last day 2025-10-30, so the period ends at 24:00 that day = 2025-10-31T00:00+08:00.
  PeriodEnd p = cn().add(at("2025-09-26T09:00"), 20, Unit::workdays);
  CHECK(last_day(p) == "2025-10-30");
  CHECK(p.end == at("2025-10-31T00:00+08:00"));
  CHECK_FALSE(p.estimated());
  // The time of day does not matter; fractions round up to whole days (19.5 -> 20).
  CHECK(cn().add(at("2025-09-26T23:59:59"), 19.5, Unit::workdays).end == p.end);
  // Starting on the holiday itself: Oct 3 (Fri, off) -> Oct 9 1, Oct 10 2, Oct 11 (Sat, WORK) 3.
  CHECK(last_day(cn().add(at("2025-10-03T10:00"), 3, Unit::workdays)) == "2025-10-11");
}

TEST_CASE("5 working days across the 2026 Spring Festival") {
  // 国务院办公厅关于2026年部分节假日安排的通知 (https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm):
  // 春节：2月15日（周日）至23日（周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
  // Start Fri 2026-02-13: Feb 14 Sat WORK 1; Feb 15-23 holiday; Feb 24 Tue 2; 25 3; 26 4; Feb 27 Fri 5.
  PeriodEnd p = cn().add(at("2026-02-13T15:00"), 5, Unit::workdays);
  CHECK(last_day(p) == "2026-02-27");
  CHECK(p.end == at("2026-02-28T00:00"));
  // One more: Feb 28 (Sat) is an adjusted working day, so 6 working days end on Saturday.
  CHECK(last_day(cn().add(at("2026-02-13T15:00"), 6, Unit::workdays)) == "2026-02-28");
}

TEST_CASE("a calendar-day period ending inside a holiday ends on the next working day") {
  // Civil Procedure Law art. 85. 60 days from Mon 2025-08-04: Aug 4 + 60 = Fri 2025-10-03, inside
  // the National Day holiday (Oct 1-8, notice content_6986383); the next working day is Thu Oct 9.
  PeriodEnd p = cn().add(at("2025-08-04T11:00"), 60, Unit::days);
  CHECK(last_day(p) == "2025-10-09");
  CHECK(p.end == at("2025-10-10T00:00"));
  // 59 days: Aug 4 + 59 = Thu Oct 2, also off -> Oct 9 too. 56 days: Mon Sep 29, a working day.
  CHECK(last_day(cn().add(at("2025-08-04"), 59, Unit::days)) == "2025-10-09");
  CHECK(last_day(cn().add(at("2025-08-04"), 56, Unit::days)) == "2025-09-29");
  // 55 days: Sun Sep 28 is an adjusted working day (上班): no roll.
  CHECK(last_day(cn().add(at("2025-08-04"), 55, Unit::days)) == "2025-09-28");
  // An ordinary weekend rolls too: 5 days from Mon 2025-11-17 = Sat Nov 22 -> Mon Nov 24.
  CHECK(last_day(cn().add(at("2025-11-17"), 5, Unit::days)) == "2025-11-24");
}

TEST_CASE("hour periods are exact, with no calendar") {
  const Instant start = at("2025-09-30T18:30:00+08:00");
  CHECK(cn().add(start, 24, Unit::hours).end == at("2025-10-01T18:30:00+08:00"));  // a holiday: no matter
  CHECK(cn().add(start, 1.5, Unit::hours).end == at("2025-09-30T20:00:00+08:00"));
  CHECK(cn().add(start, 0, Unit::hours).end == start);
  CHECK_FALSE(cn().add(at("2040-01-01"), 48, Unit::hours).estimated());
}

TEST_CASE("month periods: the same day number, clamped to the month's end, then as days") {
  // 6 months from 2025-08-31 -> 2026-02-31 does not exist -> 2026-02-28, a Saturday that is an
  // adjusted working day for the Spring Festival (notice content_7047091: 2月28日（周六）上班): no roll.
  CHECK(last_day(cn().add(at("2025-08-31T10:00"), 6, Unit::months)) == "2026-02-28");
  // 6 months from 2019-08-31 -> 2020-02-29 (leap year), a Saturday with no notice entry -> off;
  // Sun Mar 1 off; Mon 2020-03-02 is the last day.
  CHECK(last_day(cn().add(at("2019-08-31T10:00"), 6, Unit::months)) == "2020-03-02");
  // 1 month from 2025-09-01 -> Wed Oct 1, National Day -> Thu Oct 9.
  CHECK(last_day(cn().add(at("2025-09-01"), 1, Unit::months)) == "2025-10-09");
  // 12 months from 2024-02-29 -> 2025-02-28 (Fri, a working day).
  CHECK(last_day(cn().add(at("2024-02-29"), 12, Unit::months)) == "2025-02-28");
}

TEST_CASE("workdays_between counts (from, to]; workdays_before counts back from the last day") {
  // 2025-09-26 (Fri) .. 2025-10-31 (Fri): the 20 working days above to Oct 30, plus Oct 31 = 21.
  CHECK(cn().workdays_between(day("2025-09-26"), day("2025-10-31")) == 21);
  CHECK(cn().workdays_between(day("2025-10-31"), day("2025-09-26")) == -21);
  CHECK(cn().workdays_between(day("2025-10-01"), day("2025-10-08")) == 0);  // all holiday
  CHECK(cn().workdays_between(day("2025-10-01"), day("2025-10-01")) == 0);
  // The period ending 2025-10-31T00:00 (last day Thu Oct 30): 1 working day before = 00:00 Oct 30;
  // 2 = Oct 29. A period ending 2025-10-13T00:00 (last day Sun Oct 12, off): 1 = Sat Oct 11 (WORK),
  // 2 = Fri Oct 10, 4 = Sep 30 (Oct 1-8 holiday; Oct 9 is 3).
  const Instant end = at("2025-10-31T00:00");
  CHECK(cn().workdays_before(end, 1) == at("2025-10-30T00:00"));
  CHECK(cn().workdays_before(end, 2) == at("2025-10-29T00:00"));
  CHECK(cn().workdays_before(end, 0) == end);
  CHECK(cn().workdays_before(at("2025-10-13T00:00"), 1) == at("2025-10-11T00:00"));
  CHECK(cn().workdays_before(at("2025-10-13T00:00"), 2) == at("2025-10-10T00:00"));
  CHECK(cn().workdays_before(at("2025-10-13T00:00"), 4) == at("2025-09-30T00:00"));
  // An hour period ending mid-day: its last day is that day.
  CHECK(cn().workdays_before(at("2025-10-09T15:00"), 1) == at("2025-10-09T00:00"));
}

TEST_CASE("a local override closes a day and wins over the national data") {
  // A district closes Thu 2025-10-09 (e.g. a typhoon): the 20 working days from 2025-09-26 end one
  // working day later, on Fri 2025-10-31. Its adjusted Saturday stays a national fact.
  CalendarFile local = parse_ok(R"({"local": true, "papers": ["区政府通知"],
    "days": [{"name": "台风停工", "date": "2025-10-09", "isOffDay": true}]})");
  CHECK(local.local);
  CHECK_FALSE(local.year.has_value());
  Calendar c = calendar_with({local});
  CHECK_FALSE(c.is_workday(day("2025-10-09")));
  CHECK(c.listed(day("2025-10-09"))->name == "台风停工");
  CHECK(last_day(c.add(at("2025-09-26T09:00"), 20, Unit::workdays)) == "2025-10-31");
  CHECK(c.years() == cn().years());  // a local file covers no year
  // Local days win even over a national file added after them.
  CalendarFile national = parse_ok(R"({"year": 2025, "days": [{"name": "x", "date": "2025-10-09", "isOffDay": false}]})");
  Calendar later = calendar_with({local, national});
  CHECK_FALSE(later.is_workday(day("2025-10-09")));
}

TEST_CASE("dates outside the covered years are assumed Monday-Friday and reported") {
  std::vector<int> assumed;
  CHECK(cn().is_workday(day("2027-10-01"), &assumed));  // a Friday; 2027's National Day is unknown
  CHECK(assumed == std::vector<int>{2027});
  // 20 working days from 2026-12-18 run into 2027: estimated, and says so.
  PeriodEnd p = cn().add(at("2026-12-18"), 20, Unit::workdays);
  CHECK(p.estimated());
  CHECK(p.assumed_years == std::vector<int>{2027});
  // 2019 and 2027 both assumed, in order.
  assumed.clear();
  CHECK(cn().workdays_between(day("2019-12-30"), day("2027-01-05"), &assumed) > 0);
  CHECK(assumed == std::vector<int>{2019, 2027});
  // A period inside the data is exact; a calendar-day period only looks at its last days.
  CHECK_FALSE(cn().add(at("2019-12-20"), 20, Unit::days).estimated());
  CHECK(cn().add(at("2026-12-20"), 20, Unit::days).assumed_years == std::vector<int>{2027});
}

TEST_CASE("an imported 2027 file makes 2027 covered") {
  // A hypothetical 2027 notice: New Year's Day Fri 2027-01-01 off, Sat 2027-01-02 a working day.
  CalendarFile y2027 = parse_ok(R"({"year": 2027, "papers": ["https://example.gov.cn/2027"], "days": [
    {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-02", "isOffDay": false}]})");
  Calendar c = calendar_with({y2027});
  CHECK(c.covers(2027));
  std::vector<int> assumed;
  CHECK_FALSE(c.is_workday(day("2027-01-01"), &assumed));
  CHECK(c.is_workday(day("2027-01-02"), &assumed));
  CHECK(c.is_workday(day("2027-06-01"), &assumed));
  CHECK(assumed.empty());
  // 3 working days from Thu 2026-12-31: Jan 1 off; Sat Jan 2 WORK 1; Jan 4 Mon 2; Jan 5 Tue 3.
  PeriodEnd p = c.add(at("2026-12-31"), 3, Unit::workdays);
  CHECK(last_day(p) == "2027-01-05");
  CHECK_FALSE(p.estimated());
  CHECK(c.files().back().source == "test.json");
  CHECK(c.files().back().papers == std::vector<std::string>{"https://example.gov.cn/2027"});
}

TEST_CASE("a corrected file replaces the earlier file of the same year or local source") {
  // A first 2027 file lists Jan 4 off by mistake; the corrected one does not: Jan 4 is a working day again.
  CalendarFile wrong = parse_ok(R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true},
    {"name": "元旦", "date": "2027-01-04", "isOffDay": true}]})");
  CalendarFile fixed = parse_ok(R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})");
  Calendar c = calendar_with({wrong, fixed});
  CHECK(c.is_workday(day("2027-01-04")));
  CHECK_FALSE(c.is_workday(day("2027-01-01")));
  CHECK(c.files().size() == cn().files().size() + 1);
  // The same for a local closure list given again under the same name.
  CalendarFile closed = parse_ok(R"({"local": true, "days": [{"name": "停电", "date": "2025-11-20", "isOffDay": true}]})");
  CalendarFile none = parse_ok(R"({"local": true, "days": []})");
  CHECK_FALSE(calendar_with({closed}).is_workday(day("2025-11-20")));
  CHECK(calendar_with({closed, none}).is_workday(day("2025-11-20")));
  // Builtin files say where they come from.
  CHECK(cn().files().front().source == "built in: 2020.json");
}

TEST_CASE("huge, negative and zero amounts stay bounded") {
  CHECK(cn().add(at("2025-10-01T10:00"), 0, Unit::days).end == at("2025-10-02T00:00"));
  CHECK(cn().add(at("2025-10-01T10:00"), -5, Unit::workdays).end == at("2025-10-02T00:00"));
  PeriodEnd far = cn().add(at("2025-10-01"), 1e300, Unit::days);
  CHECK(far.estimated());
  CHECK(year_of(Calendar::last_day(far.end)) > 4000);
}

namespace {

// Every finding of a parse as "line:col code: message"; the parse must fail when there are any.
std::vector<std::string> errors(const std::string& text) {
  Diagnostics diags;
  auto f = parse_calendar_file("f.json", text, diags);
  std::vector<std::string> out;
  for (const Diagnostic& d : diags.items())
    out.push_back(std::to_string(d.pos.line) + ":" + std::to_string(d.pos.col) + " " + d.code + ": " + d.message);
  CHECK(f.has_value() == out.empty());
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("every shipped national file parses cleanly") {
  for (const EmbeddedCalendarFile& f : embedded_calendar_files()) {
    INFO(f.name);
    Diagnostics diags;
    auto file = parse_calendar_file(f.name, f.text, diags);
    REQUIRE(file.has_value());
    CHECK(diags.empty());
    CHECK(std::to_string(*file->year) + ".json" == f.name);
    CHECK(file->papers.size() >= 1);
  }
}

TEST_CASE("calendar files that are not JSON are refused with the place") {
  CHECK(errors("") == Lines{"1:1 calendar-json: not valid JSON: syntax error while parsing value - unexpected end of "
                            "input; expected '[', '{', or a literal"});
  CHECK(errors("{\"year\": 2025,\n \"days\": [}") ==
        Lines{"2:11 calendar-json: not valid JSON: syntax error while parsing value - unexpected '}'; expected '[', "
              "'{', or a literal"});
  CHECK(errors("{\"year\": 2025, \"days\": []} x") ==
        Lines{"1:28 calendar-json: not valid JSON: syntax error while parsing value - invalid literal; expected end "
              "of input"});
  CHECK(errors("{\"year\": 2025, \"days\": [], \"name\": \"\xff\"}") ==
        Lines{"1:37 calendar-json: not valid JSON: syntax error while parsing value - invalid string: ill-formed "
              "UTF-8 byte"});
  CHECK(errors(std::string(20, '[') + std::string(20, ']')) == Lines{"1:1 calendar-json: JSON nested deeper than 16 levels"});
  CHECK(errors(std::string(kMaxCalendarFileBytes + 1, ' ')) ==
        Lines{"1:1 calendar-too-large: calendar file is 1048577 bytes; the limit is 1048576 (1 MiB)"});
}

TEST_CASE("calendar files of the wrong shape are refused with exact messages") {
  CHECK(errors("[1]") == Lines{"1:1 calendar-shape: a calendar file is a JSON object with \"year\", \"papers\" and \"days\""});
  CHECK(errors("{\"days\": []}") ==
        Lines{"1:1 calendar-year: a national calendar file needs \"year\" (an integer 1900-9999); a local override "
              "says \"local\": true instead"});
  CHECK(errors("{\"year\": \"2025\", \"days\": []}") ==
        Lines{"1:10 calendar-year: \"year\" must be an integer from 1900 to 9999, not \"2025\""});
  CHECK(errors("{\"year\": 1899, \"days\": []}") ==
        Lines{"1:10 calendar-year: \"year\" must be an integer from 1900 to 9999, not 1899"});
  CHECK(errors("{\"year\": 2025.5, \"days\": []}") ==
        Lines{"1:10 calendar-year: \"year\" must be an integer from 1900 to 9999, not 2025.5"});
  CHECK(errors("{\"local\": true, \"year\": 2025, \"days\": []}") ==
        Lines{"1:25 calendar-year: a local override (\"local\": true) covers no year: remove \"year\""});
  CHECK(errors("{\"local\": 1, \"days\": []}") == Lines{"1:11 calendar-shape: \"local\" must be true or false"});
  CHECK(errors("{\"year\": 2025}") ==
        Lines{"1:1 calendar-shape: \"days\" must be a list of days ({\"name\", \"date\", \"isOffDay\"})"});
  CHECK(errors("{\"year\": 2025, \"days\": {}}") ==
        Lines{"1:24 calendar-shape: \"days\" must be a list of days ({\"name\", \"date\", \"isOffDay\"})"});
  CHECK(errors("{\"year\": 2025, \"papers\": [1], \"days\": []}") ==
        Lines{"1:26 calendar-shape: \"papers\" must be a list of the notices' addresses (text)"});
  std::string many = "{\"local\": true, \"days\": [";
  for (int i = 0; i <= 1000; ++i) many += std::string(i ? "," : "") + "{}";
  CHECK(errors(many + "]}") == Lines{"1:25 calendar-shape: \"days\" lists 1001 days; a calendar file lists at most 1000"});
  // Unknown members ($schema, $id in holiday-cn) are ignored; an empty local file is valid.
  CHECK(errors("{\"$schema\": \"x\", \"local\": true, \"days\": []}").empty());
}

TEST_CASE("each bad listed day is reported at its value, all of them at once") {
  const std::string text = R"({"year": 2025,
 "days": [
  {"name": "x", "date": "2025-02-30", "isOffDay": true},
  {"name": "x", "date": "2025-10-01", "isOffDay": "yes"},
  {"date": "2025-10-02", "isOffDay": true},
  {"name": "x", "isOffDay": true},
  7,
  {"name": "x", "date": "2031-01-01", "isOffDay": true},
  {"name": "x", "date": "2025-10-03", "isOffDay": true},
  {"name": "x", "date": "2025-10-03", "isOffDay": false},
  {"name": "x", "date": 20251004, "isOffDay": false},
  {"name": "x", "date": "2024-12-31", "isOffDay": true}
]})";
  CHECK(errors(text) ==
        Lines{"3:25 calendar-day: day 1: \"2025-02-30\" is not a real date YYYY-MM-DD",
              "4:51 calendar-day: day 2 (2025-10-01) needs \"isOffDay\": true (a holiday) or false (an adjusted "
              "working day)",
              "5:3 calendar-day: day 3 (2025-10-02) needs \"name\" as text (e.g. \"国庆节\")",
              "6:3 calendar-day: day 4 needs \"date\" as text YYYY-MM-DD",
              "7:3 calendar-day: day 5 must be an object with \"name\", \"date\" and \"isOffDay\"",
              "8:25 calendar-day: day 6 (2031-01-01) is not in 2025 or a neighbouring year",
              "10:25 calendar-day: day 8 (2025-10-03) is listed twice",
              "11:25 calendar-day: day 9 needs \"date\" as text YYYY-MM-DD"});
}

TEST_CASE("imported calendar files are kept in import order and make the database calendar") {
  test::TempDir dir;
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  CHECK(test::ok(store->calendar_files()).empty());
  const std::string y2027 = R"({"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]})";
  const std::string local = R"({"local": true, "days": [{"name": "台风停工", "date": "2025-10-09", "isOffDay": true}]})";
  test::ok(store->import_calendar({0, "2027.json", 2027, false, y2027, at("2026-11-22T09:00"), "ann"}));
  test::ok(store->import_calendar({0, "district.json", std::nullopt, true, local, at("2026-11-22T09:05"), "ida"}));
  auto files = test::ok(store->calendar_files());
  REQUIRE(files.size() == 2);
  CHECK(files[0].source == "2027.json");
  CHECK(files[0].year == 2027);
  CHECK_FALSE(files[0].local);
  CHECK(files[0].content == y2027);
  CHECK(files[0].imported_by == "ann");
  CHECK(files[0].imported_at == at("2026-11-22T09:00"));
  CHECK(files[1].local);
  CHECK_FALSE(files[1].year.has_value());
  std::vector<CalendarText> texts;
  for (const auto& f : files) texts.push_back({f.source, f.content});
  Diagnostics diags;
  Calendar c = calendar_with(texts, diags);
  CHECK(diags.empty());
  CHECK(c.covers(2027));
  CHECK_FALSE(c.is_workday(day("2027-01-01")));
  CHECK_FALSE(c.is_workday(day("2025-10-09")));
  // Refused: not JSON (the table insists), or a year on a local file; nothing is stored.
  auto bad = store->import_calendar({0, "x.json", 2028, false, "{", at("2026-11-22T10:00"), "ann"});
  REQUIRE_FALSE(static_cast<bool>(bad));
  CHECK(bad.error().message == "calendar file x.json is not valid JSON");
  auto mixed = store->import_calendar({0, "y.json", 2028, true, "{}", at("2026-11-22T10:00"), "ann"});
  REQUIRE_FALSE(static_cast<bool>(mixed));
  CHECK(mixed.error().message == "calendar file y.json: a national file has a year, a local override has none");
  CHECK(test::ok(store->calendar_files()).size() == 2);
  // A text that does not parse is skipped and reported.
  Calendar partial = calendar_with({{"broken.json", "{\"year\": 2028}"}}, diags);
  CHECK_FALSE(partial.covers(2028));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].file == "broken.json");
}

TEST_CASE("the compiled-in tables say what the compiled-in JSON files say") {
  for (const EmbeddedCalendarFile& f : embedded_calendar_files()) {
    Diagnostics diags;
    auto parsed = parse_calendar_file(f.name, f.text, diags);
    INFO(f.name << "\n" << diags.render());
    REQUIRE(parsed);
    CalendarFile tables = embedded_file(f);
    CHECK(tables.year == parsed->year);
    CHECK(tables.papers == parsed->papers);
    REQUIRE(tables.days.size() == parsed->days.size());
    for (size_t i = 0; i < tables.days.size(); ++i) {
      CHECK(tables.days[i].day == parsed->days[i].day);
      CHECK(tables.days[i].off == parsed->days[i].off);
      CHECK(tables.days[i].name == parsed->days[i].name);
    }
  }
  CHECK(Calendar::builtin().years() == std::set<int>{2020, 2021, 2022, 2023, 2024, 2025, 2026});
}
