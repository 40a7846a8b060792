// `sunlit supervise [points]`: exceptions for the supervision bureau (overdue steps and cases,
// cards, refused actions, refusals without reasons, extensions, suspensions) and the records
// of the supervision points (issue 5 item 5, docs/supervision.md).
#include <fmt/format.h>
#include <iostream>

#include "cli/commands.h"
#include "cli/report_options.h"
#include "cli/session.h"
#include "engine/supervise.h"

namespace sunlit::cli {

namespace {

// Options of `sunlit supervise` and `sunlit supervise points`.
struct SuperviseOptions {
  SuperviseFilter filter;
  PeriodFormat out;
};

std::string kinds_list() {
  std::string out;
  for (const auto& k : exception_kinds()) out += (out.empty() ? "" : ", ") + k;
  return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}\n", n, n == 1 ? one : many);
}

Table exceptions_table(const std::vector<SupervisionException>& xs) {
  Table t{{"at", "kind", "case", "power", "step", "post", "department", "actor", "detail"},
          {"at", "kind", "case", "power", "step", "post", "department", "actor", "detail"},
          {}};
  for (const auto& x : xs)
    t.rows.push_back({format_local(x.at), x.kind, x.case_id, x.power, x.step.empty() ? "-" : x.step,
                      x.post.empty() ? "-" : x.post, x.department.empty() ? "-" : x.department,
                      x.actor.empty() ? "-" : x.actor, x.detail});
  return t;
}

std::string items_text(const std::vector<RecordedItem>& items) {
  std::string out;
  for (const auto& i : items) {
    std::string one = !i.field ? i.name + " (kept outside sunlit)" : i.value ? i.name + "=" + *i.value : i.name + " not set";
    out += (out.empty() ? "" : "; ") + one;
  }
  return out;
}

Table points_table(const std::vector<SupervisionRecord>& rs) {
  Table t{{"entered", "left", "case", "power", "step", "department", "body", "kind", "by", "records"},
          {"entered", "left", "case", "power", "step", "department", "body", "kind", "by", "records"},
          {}};
  for (const auto& r : rs)
    t.rows.push_back({format_local(r.entered), r.left ? format_local(*r.left) : "open", r.case_id, r.power, r.step,
                      r.department.empty() ? "-" : r.department, r.body, r.kind,
                      r.actor.empty() ? "-" : r.actor_post.empty() ? r.actor : r.actor + " (" + r.actor_post + ")",
                      items_text(r.items)});
  return t;
}

int run_exceptions(SuperviseOptions o) {
  const auto& kinds = exception_kinds();
  if (!o.filter.kind.empty() && std::find(kinds.begin(), kinds.end(), o.filter.kind) == kinds.end()) {
    std::cerr << fmt::format("sunlit: error: --kind '{}' is not an exception kind (use {})\n", o.filter.kind, kinds_list());
    return kExitUsage;
  }
  if (!parse_period(o.out, o.filter.from, o.filter.to)) return kExitUsage;
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  CaseService svc(*session.store, *session.clock);
  auto r = supervise_exceptions(svc, *session.store, o.filter, session.clock->now());
  bool json = o.out.json || o.out.format == "json";
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, json);
  const auto& xs = std::get<std::vector<SupervisionException>>(r);
  print_table(o.out, exceptions_table(xs), plural(xs.size(), "exception", "exceptions"));
  return kExitOk;
}

int run_points(SuperviseOptions o) {
  if (!o.filter.kind.empty() && o.filter.kind != "internal" && o.filter.kind != "external") {
    std::cerr << fmt::format("sunlit: error: --kind '{}' is not a supervision point kind (use internal or external)\n",
                             o.filter.kind);
    return kExitUsage;
  }
  if (!parse_period(o.out, o.filter.from, o.filter.to)) return kExitUsage;
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  CaseService svc(*session.store, *session.clock);
  auto r = supervision_records(svc, *session.store, o.filter);
  bool json = o.out.json || o.out.format == "json";
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, json);
  const auto& rs = std::get<std::vector<SupervisionRecord>>(r);
  print_table(o.out, points_table(rs), plural(rs.size(), "supervision record", "supervision records"));
  return kExitOk;
}

void add_filters(CLI::App& app, SuperviseOptions& o, const std::string& kind_help) {
  app.add_option("--department", o.filter.department, "only this department (id)");
  app.add_option("--power", o.filter.power, "only cases of this power code");
  app.add_option("--kind", o.filter.kind, kind_help);
  add_period_format(app, o.out, "when the exception or passage happened");
}

}  // namespace

Command add_supervise(CLI::App& app) {
  auto o = std::make_shared<SuperviseOptions>();
  auto p = std::make_shared<SuperviseOptions>();
  auto* c = app.add_subcommand("supervise", "exceptions for the supervision bureau: overdue, cards, refusals, extensions, suspensions");
  add_filters(*c, *o, "one exception kind: " + kinds_list());
  auto* points = c->add_subcommand("points", "passages of cases through the supervision points the definitions mark");
  add_filters(*points, *p, "internal or external supervision points");
  return [o, p, points]() { return points->parsed() ? run_points(*p) : run_exceptions(*o); };
}

}  // namespace sunlit::cli
