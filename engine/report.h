// Reports (issue 5 item 7; docs/supervision.md): performance by department, post, power or
// step, and the dynamic-operation registration form (行政权力动态运行情况登记表, seed 003) per
// case and summed per month.
//
// Contract: read-only service-level functions; nothing is written. Every time measure comes
// from the case's replay (engine/replay.h: step visits with their deadlines as the events
// carried them), counted in working days on the calendar in force (CaseService::rules). A
// period is [from, to). The results are Tables (engine/report_table.h) printed as text, CSV
// or JSON, plus chart rows (engine/svg_chart.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/report_table.h"
#include "engine/service.h"
#include "engine/svg_chart.h"

namespace sunlit {

// What `sunlit report performance` measures.
struct PerformanceQuery {
  std::optional<Instant> from, to;
  std::string power;            // "" any
  std::string by = "department";  // department | post | power | step
};

// One group's performance over the period.
struct PerformanceRow {
  std::string group, name;       // id ("bureau", "reviewer", "T-2", "T-2/review", "all") and its name
  std::int64_t cases = 0;        // distinct cases on which the group finished a step
  std::int64_t steps = 0;        // step visits finished in the period
  std::int64_t with_limit = 0;   // of those, visits with a deadline
  std::int64_t on_time = 0;      // of those, finished by the deadline
  double median_days = 0, p90_days = 0;  // working days per step visit
  std::int64_t warnings = 0;     // cards raised in the period
  std::int64_t complaints = 0;   // complaint cases opened in the period about the group's cases
};

// The groups (sorted by id) and a last row "all".
Served<std::vector<PerformanceRow>> performance(CaseService& svc, Store& store, const PerformanceQuery& q);
Table performance_table(const std::vector<PerformanceRow>& rows);
// On-time rate per group (the "all" row left out), 0..100.
std::vector<Bar> performance_bars(const std::vector<PerformanceRow>& rows);

// The registration form of one case: items in the form's order (key, label, value).
struct RegisterForm {
  Table items;                  // keys: item, label, value
  nlohmann::json json;          // the same, as an object (steps as an array)
  std::vector<TimeUse> chart;   // time used against the limit, one row per step visit
  std::string title;
};
// Time used by an open case is counted to `now`.
Served<RegisterForm> register_form(CaseService& svc, Store& store, const std::string& case_id, Instant now);

// The monthly summary: one row per power with cases in the month, then "all".
// `month` is the local month [first day 00:00, next month's first day 00:00).
Served<Table> register_month(CaseService& svc, Store& store, int year, int month, const std::string& power);

}  // namespace sunlit
