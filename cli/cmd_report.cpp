// `sunlit report performance|register`: performance by department, post, power or step, and
// the dynamic-operation registration form per case and per month (issue 5 item 7,
// docs/supervision.md). Table, CSV or JSON; SVG charts with --chart.
#include <fmt/format.h>
#include <iostream>
#include <regex>

#include "cli/commands.h"
#include "cli/report_options.h"
#include "cli/session.h"
#include "engine/report.h"

namespace sunlit::cli {

namespace {

// Options of the report commands.
struct ReportOptions {
  PerformanceQuery query;
  PeriodFormat out;
  std::string chart, case_id, month;
};

bool json_out(const ReportOptions& o) { return o.out.json || o.out.format == "json"; }

int run_performance(ReportOptions o) {
  if (!parse_period(o.out, o.query.from, o.query.to)) return kExitUsage;
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  CaseService svc(*session.store, *session.clock);
  auto r = performance(svc, *session.store, o.query);
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, json_out(o));
  const auto& rows = std::get<std::vector<PerformanceRow>>(r);
  if (!o.chart.empty() &&
      !write_output(o.chart, svg_bar_chart("On-time rate by " + o.query.by, performance_bars(rows), 100)))
    return kExitIo;
  print_table(o.out, performance_table(rows), "");
  return kExitOk;
}

int run_register_case(const ReportOptions& o, CaseService& svc, Session& session) {
  auto r = register_form(svc, *session.store, o.case_id, session.clock->now());
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, json_out(o));
  const RegisterForm& form = std::get<RegisterForm>(r);
  if (!o.chart.empty() && !write_output(o.chart, svg_time_chart(form.title, form.chart))) return kExitIo;
  if (json_out(o)) std::cout << form.json.dump(2) << "\n";
  else if (o.out.format == "csv") std::cout << render_csv(form.items);
  else {
    Table t{{"label", "value"}, {"项目 Item", "内容 Value"}, {}};
    for (const auto& row : form.items.rows) t.rows.push_back({row[1], row[2]});
    std::cout << "行政权力动态运行情况登记表 Dynamic-operation registration form\n" << render_text(t);
  }
  return kExitOk;
}

int run_register(const ReportOptions& o) {
  if (o.case_id.empty() == o.month.empty()) {
    std::cerr << "sunlit: error: report register needs either --case ID or --month YYYY-MM\n";
    return kExitUsage;
  }
  std::smatch m;
  static const std::regex month("^(\\d{4})-(0[1-9]|1[0-2])$");
  if (!o.month.empty() && !std::regex_match(o.month, m, month)) {
    std::cerr << fmt::format("sunlit: error: --month '{}' is not a month (use YYYY-MM, e.g. 2026-04)\n", o.month);
    return kExitUsage;
  }
  if (!o.chart.empty() && o.case_id.empty()) {
    std::cerr << "sunlit: error: --chart draws one case's time use: use it with --case\n";
    return kExitUsage;
  }
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  CaseService svc(*session.store, *session.clock);
  if (!o.case_id.empty()) return run_register_case(o, svc, session);
  auto r = register_month(svc, *session.store, std::stoi(m[1].str()), std::stoi(m[2].str()), o.query.power);
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, json_out(o));
  print_table(o.out, std::get<Table>(r), "");
  return kExitOk;
}

}  // namespace

Command add_report(CLI::App& app) {
  auto p = std::make_shared<ReportOptions>();
  auto g = std::make_shared<ReportOptions>();
  auto* c = app.add_subcommand("report", "performance reports and the dynamic-operation register");
  c->require_subcommand(1);
  auto* perf = c->add_subcommand("performance", "on-time rate, working days per step, cards and complaints, by group");
  add_period_format(*perf, p->out, "step visits finished in it");
  perf->add_option("--by", p->query.by, "department, post, power or step")
      ->check(CLI::IsMember({"department", "post", "power", "step"}));
  perf->add_option("--power", p->query.power, "only cases of this power code");
  perf->add_option("--chart", p->chart, "also write an SVG bar chart of the on-time rate to this file");
  auto* reg = c->add_subcommand("register", "the dynamic-operation registration form (登记表): one case, or a month's summary");
  reg->add_option("--case", g->case_id, "the form of this case");
  reg->add_option("--month", g->month, "the summary of this month (YYYY-MM, local time)");
  reg->add_option("--power", g->query.power, "with --month: only this power code");
  reg->add_option("--format", g->out.format, "table, csv or json")->check(CLI::IsMember({"table", "csv", "json"}));
  reg->add_flag("--json", g->out.json, "the same as --format json");
  reg->add_option("--chart", g->chart, "with --case: also write an SVG chart of the time used against the limits");
  return [p, g, perf]() { return perf->parsed() ? run_performance(*p) : run_register(*g); };
}

}  // namespace sunlit::cli
