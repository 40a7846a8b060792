// `report performance`: step visits finished in a period, grouped, with on-time rate, working
// days per step (median, 90th percentile), cards and complaints.
#include <fmt/format.h>
#include <map>
#include <set>

#include "engine/report.h"
#include "engine/report_common.h"

namespace sunlit {

namespace {

using namespace report_detail;

// A group's measurements while they are gathered.
struct Tally {
  std::string name;
  std::set<std::string> cases;
  std::int64_t steps = 0, with_limit = 0, on_time = 0, warnings = 0, complaints = 0;
  std::vector<double> days;
};

// Gathers the period's visits, cards and complaints per group.
class Gatherer {
 public:
  Gatherer(CaseService& svc, Store& store, const PerformanceQuery& q) : svc_(svc), store_(store), q_(q) {}

  std::optional<CaseError> error;
  std::map<std::string, Tally> groups;
  Tally all{"all", {}, 0, 0, 0, 0, 0, {}};

  void visits() {
    auto ids = store_.active_cases({{}, q_.from, q_.to, q_.power});
    if (!ids) return fail(from_store(ids.error()));
    for (const auto& id : *ids)
      if (!add_case(id)) return;
  }

  void cards() {
    auto ws = svc_.warnings({"", "", "", false});
    if (auto* e = std::get_if<CaseError>(&ws)) return fail(*e);
    for (const auto& w : std::get<std::vector<WarningView>>(ws)) {
      if (!in_period(w.raised_at, q_.from, q_.to) || (!q_.power.empty() && w.power != q_.power)) continue;
      std::string key = q_.by == "department" ? w.department
                        : q_.by == "post"     ? w.post
                        : q_.by == "power"    ? w.power
                                              : w.power + "/" + (w.step.empty() ? "case" : w.step);
      ++groups[key].warnings;
      ++all.warnings;
    }
  }

  void complaints() {
    auto rows = store_.complaints(q_.from, q_.to);
    if (!rows) return fail(from_store(rows.error()));
    for (const auto& c : *rows) {
      if (!q_.power.empty() && c.power_code != q_.power) continue;
      ++all.complaints;
      if (q_.by == "power") {
        ++groups[c.power_code].complaints;
        continue;
      }
      if (!touched_.count(c.complaint_of) && !add_case(c.complaint_of, false)) return;
      for (const auto& key : touched_[c.complaint_of]) ++groups[key].complaints;
    }
  }

 private:
  void fail(const CaseError& e) {
    if (!error) error = e;
  }

  // Replays a case and counts its visits finished in the period (when `count`), remembering
  // every group that ever handled it (for complaints). False on an error.
  bool add_case(const std::string& id, bool count = true) {
    auto r = svc_.replay(id, std::nullopt);
    if (auto* e = std::get_if<CaseError>(&r)) {
      if (e->kind == CaseError::not_found && !count) return true;  // complained-about case not here
      fail(*e);
      return false;
    }
    const Replay& rep = std::get<ReplayReport>(r).replay;
    const CompiledProcess* cp = compiled_of(svc_, rep.state.definition_id, error);
    auto rules = svc_.rules(rep.state.power);
    if (auto* e = std::get_if<CaseError>(&rules)) fail(*e);
    if (!cp || error) return false;
    const Calendar& cal = *std::get<TimeRules>(rules).calendar;
    auto& seen = touched_[id];
    for (const auto& v : rep.steps) {
      if (v.post.empty()) continue;  // waits: the party's or the law's time, not an official's
      auto [key, name] = group_of(*cp, rep.state.power, v);
      seen.insert(key);
      if (!count || !v.left || !in_period(*v.left, q_.from, q_.to)) continue;
      Tally& t = groups[key];
      t.name = name;
      for (Tally* x : {&t, &all}) {
        x->cases.insert(id);
        ++x->steps;
        x->days.push_back(static_cast<double>(working_days(cal, v.entered, *v.left)));
        if (v.due) ++x->with_limit, x->on_time += v.overdue ? 0 : 1;
      }
    }
    return true;
  }

  std::pair<std::string, std::string> group_of(const CompiledProcess& cp, const std::string& power,
                                               const StepVisit& v) const {
    if (q_.by == "post") {
      for (const auto& p : cp.organisation().posts)
        if (p.id == v.post) return {v.post, p.name};
      return {v.post, ""};
    }
    if (q_.by == "power") return {power, cp.process().power.name};
    if (q_.by == "step") return {power + "/" + v.step, v.name};
    std::string dept = step_info(cp, v.step).department;
    const Department* d = cp.department_info(dept);
    return {dept, d ? d->name : ""};
  }

  CaseService& svc_;
  Store& store_;
  const PerformanceQuery& q_;
  std::map<std::string, std::set<std::string>> touched_;  // case -> groups that handled it
};

PerformanceRow row_of(const std::string& key, const Tally& t) {
  return {key, t.name, static_cast<std::int64_t>(t.cases.size()), t.steps, t.with_limit, t.on_time,
          median(t.days), percentile(t.days, 90), t.warnings, t.complaints};
}

}  // namespace

Served<std::vector<PerformanceRow>> performance(CaseService& svc, Store& store, const PerformanceQuery& q) {
  Gatherer g(svc, store, q);
  g.visits();
  if (!g.error) g.cards();
  if (!g.error) g.complaints();
  if (g.error) return *g.error;
  std::vector<PerformanceRow> out;
  for (const auto& [key, t] : g.groups) out.push_back(row_of(key, t));
  out.push_back(row_of("all", g.all));
  return out;
}

Table performance_table(const std::vector<PerformanceRow>& rows) {
  Table t{{"group", "name", "cases", "steps", "with_limit", "on_time", "on_time_rate", "median_days", "p90_days",
           "warnings", "complaints"},
          {"group", "name", "cases", "steps", "with limit", "on time", "on-time rate", "median wd", "p90 wd",
           "warnings", "complaints"},
          {}};
  for (const auto& r : rows)
    t.rows.push_back({r.group, r.name, std::to_string(r.cases), std::to_string(r.steps), std::to_string(r.with_limit),
                      std::to_string(r.on_time), percent_text(r.on_time, r.with_limit),
                      r.steps ? days_text(r.median_days) : "—", r.steps ? days_text(r.p90_days) : "—",
                      std::to_string(r.warnings), std::to_string(r.complaints)});
  return t;
}

std::vector<Bar> performance_bars(const std::vector<PerformanceRow>& rows) {
  std::vector<Bar> out;
  for (const auto& r : rows) {
    if (r.group == "all") continue;
    std::string label = r.name.empty() ? r.group : r.group + " " + r.name;
    std::optional<double> v;
    if (r.with_limit > 0) v = 100.0 * static_cast<double>(r.on_time) / static_cast<double>(r.with_limit);
    out.push_back({label, v, fmt::format("{} ({} of {})", percent_text(r.on_time, r.with_limit), r.on_time, r.with_limit)});
  }
  return out;
}

}  // namespace sunlit
