#include "cli/report_options.h"

#include <iostream>

#include "cli/clock_text.h"

namespace sunlit::cli {

void add_period_format(CLI::App& app, PeriodFormat& o, const std::string& selects) {
  app.add_option("--from", o.from, "period start (inclusive), e.g. 2026-03-01: " + selects);
  app.add_option("--to", o.to, "period end (exclusive), e.g. 2026-04-01");
  app.add_option("--format", o.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  app.add_flag("--json", o.json, "the same as --format json");
}

bool parse_period(const PeriodFormat& o, std::optional<Instant>& from, std::optional<Instant>& to) {
  Instant t = 0;
  if (!o.from.empty()) {
    if (!parse_time_option("--from", o.from, t)) return false;
    from = t;
  }
  if (!o.to.empty()) {
    if (!parse_time_option("--to", o.to, t)) return false;
    to = t;
  }
  if (from && to && *from >= *to) {
    std::cerr << "sunlit: error: --from must be before --to\n";
    return false;
  }
  return true;
}

void print_table(const PeriodFormat& o, const Table& t, const std::string& footer) {
  if (o.json || o.format == "json") std::cout << render_json(t).dump(2) << "\n";
  else if (o.format == "csv") std::cout << render_csv(t);
  else std::cout << render_text(t) << footer;
}

}  // namespace sunlit::cli
