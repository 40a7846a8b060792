// `report register`: the dynamic-operation registration form (行政权力动态运行情况登记表,
// seed 003: filled after each exercise of a power, reported within a week, summed monthly).
#include <fmt/format.h>
#include <map>

#include "engine/report.h"
#include "engine/report_common.h"

namespace sunlit {

namespace {

using json = nlohmann::json;
using namespace report_detail;

// A case replayed with what the form needs.
struct Loaded {
  Replay rep;
  const CompiledProcess* cp = nullptr;
  const Calendar* cal = nullptr;
};

std::variant<Loaded, CaseError> load(CaseService& svc, const std::string& id, std::optional<Instant> as_of) {
  auto r = svc.replay(id, as_of);
  if (auto* e = std::get_if<CaseError>(&r)) {
    if (e->kind == CaseError::not_found) return CaseError{CaseError::not_found, fmt::format("unknown case '{}'", id)};
    return *e;
  }
  Loaded out{std::move(std::get<ReplayReport>(r).replay), nullptr, nullptr};
  std::optional<CaseError> error;
  out.cp = compiled_of(svc, out.rep.state.definition_id, error);
  if (!out.cp) return *error;
  auto rules = svc.rules(out.rep.state.power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  out.cal = std::get<TimeRules>(rules).calendar;
  return out;
}

// Why a closed case was not on time (empty: on time): overdue official steps, the case clock
// stopped after its deadline.
std::vector<std::string> late_reasons(const Replay& rep) {
  std::vector<std::string> out;
  for (const auto& v : rep.steps)
    if (!v.post.empty() && v.overdue) out.push_back("step " + v.step + " overdue");
  const CaseClock& c = rep.state.clock;
  if (c.status != CaseClock::Status::none && c.due != 0 && rep.state.closed) {
    Instant stop = rep.state.closed_at;
    for (const auto& e : rep.entries)
      if (e.kind == "clock_stopped") stop = e.at;
    if (stop > c.due) out.push_back("case concluded after its deadline " + format_local(c.due));
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

std::string period_text(const Period& p) {
  std::string article = p.article.empty() ? "" : " (" + p.article + ")";
  return unit_words(static_cast<std::int64_t>(p.amount), p.unit) + article;
}

// Builds the form's rows.
class Form {
 public:
  explicit Form(RegisterForm& out) : out_(out) {
    out_.items = Table{{"item", "label", "value"}, {"item", "label", "value"}, {}};
    out_.json = json::object();
  }
  void add(const std::string& key, const std::string& label, const std::string& value) {
    out_.items.rows.push_back({key, label, value});
    out_.json[key] = value;
  }

 private:
  RegisterForm& out_;
};

std::string visit_text(const StepVisit& v) {
  std::string left = v.left ? format_local(*v.left) : std::string("open");
  return fmt::format("{} {} · post {} · {} → {} · {}{}", v.step, v.name, v.post.empty() ? "-" : v.post,
                     format_local(v.entered), left, v.used_text, v.how.empty() ? "" : " · " + v.how);
}

void fill_catalog(Form& f, const Replay& rep, const CompiledProcess& cp) {
  const Catalog& p = cp.process().power;
  std::vector<std::string> basis;
  for (const auto& b : p.basis) basis.push_back(b.title + " " + b.article);
  f.add("case", "登记编号 Case number", rep.state.id);
  f.add("power", "职权名称 Power", p.code + " " + p.name);
  f.add("category", "职权类别 Category", to_string(p.category));
  f.add("basis", "实施依据 Legal basis", join(basis, "; "));
  f.add("body", "实施主体 Implementing body", p.body);
  f.add("office", "承办机构 Responsible office", p.office);
  f.add("responsible", "责任人 Responsible person", p.responsible);
  f.add("party", "行政相对人 Party", rep.state.party);
}

void fill_result(Form& f, const Loaded& l, Instant now) {
  const CaseState& s = l.rep.state;
  const auto& limit = l.cp->process().limit;
  Instant end = s.closed ? s.closed_at : now;
  f.add("opened", "受理时间 Opened", format_local(s.opened_at));
  f.add("closed", "办结时间 Concluded", s.closed ? format_local(s.closed_at) : "open");
  std::string outcome = "—";
  if (auto v = l.cp->vertex(s.outcome))
    if (const Outcome* o = l.cp->outcome(*v)) outcome = fmt::format("{} ({})", o->name.empty() ? o->id : o->name, to_string(o->kind));
  f.add("outcome", "办理结果 Result", outcome);
  f.add("limit", "法定时限 Statutory limit", limit ? period_text(limit->period) : "none");
  f.add("used", "实际用时 Time used", unit_words(working_days(*l.cal, s.opened_at, end), Unit::workdays));
  auto late = late_reasons(l.rep);
  f.add("on_time", "是否按时 On time", !s.closed ? "open" : late.empty() ? "yes" : "no: " + join(late, "; "));
}

void fill_steps(Form& f, RegisterForm& out, const Replay& rep) {
  json steps = json::array();
  int n = 0;
  for (const auto& v : rep.steps) {
    ++n;
    f.add(fmt::format("step_{}", n), fmt::format("办理环节 Step {}", n), visit_text(v));
    steps.push_back(visit_text(v));
    std::string label = v.name.empty() ? v.step : v.step + " " + v.name;
    std::optional<double> limit;
    if (v.limit) limit = v.limit->amount;
    out.chart.push_back({label, static_cast<double>(v.used), limit, v.overdue, v.used_text});
  }
  out.json["steps"] = steps;
}

void fill_supervision(Form& f, const Replay& rep, const std::vector<std::string>& complaints) {
  std::vector<std::string> suspended, extended;
  int yellow = 0, red = 0, refused = 0;
  for (const auto& e : rep.entries) {
    if (e.kind == "clock_suspended" || e.kind == "clock_resumed") suspended.push_back(format_local(e.at) + " " + e.text);
    if (e.kind == "extended") extended.push_back(format_local(e.at) + " " + e.text);
    if (e.kind == "refused") ++refused;
  }
  for (const auto& c : rep.state.cards) (c.colour == "red" ? red : yellow) += 1;
  f.add("suspensions", "暂停计时 Suspensions", suspended.empty() ? "none" : join(suspended, "; "));
  f.add("extensions", "延长期限 Extensions", extended.empty() ? "none" : join(extended, "; "));
  f.add("warnings", "预警 Warnings", fmt::format("{} yellow, {} red", yellow, red));
  f.add("refused", "越权或违反分离的操作 Refused actions", std::to_string(refused));
  f.add("complaints", "投诉 Complaints", complaints.empty() ? "none" : join(complaints, ", "));
}

void fill_disclosure(Form& f, const Replay& rep, const CompiledProcess& cp) {
  const Disclosure& d = cp.process().power.disclosure;
  f.add("disclosure", "公开范围与方式 Disclosure",
        fmt::format("{} · {} · {}", to_string(d.scope), join(d.forms, ", "), to_string(d.time)));
  f.add("report_by", "报送期限 Report by (within a week)",
        rep.state.closed ? format_day(local_day(rep.state.closed_at) + 7) : "after the case concludes");
}

}  // namespace

Served<RegisterForm> register_form(CaseService& svc, Store& store, const std::string& case_id, Instant now) {
  auto loaded = load(svc, case_id, std::nullopt);
  if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
  Loaded& l = std::get<Loaded>(loaded);
  auto complaints = store.complaints(std::nullopt, std::nullopt);
  if (!complaints) return from_store(complaints.error());
  std::vector<std::string> about;
  for (const auto& c : *complaints)
    if (c.complaint_of == case_id) about.push_back(c.case_id);
  RegisterForm out;
  Form f(out);
  fill_catalog(f, l.rep, *l.cp);
  fill_result(f, l, now);
  fill_steps(f, out, l.rep);
  fill_supervision(f, l.rep, about);
  fill_disclosure(f, l.rep, *l.cp);
  out.title = fmt::format("{} {}: time used against limits", case_id, l.cp->process().power.name);
  return out;
}

namespace {

// One power's counts in a month.
struct MonthTally {
  std::string name;
  std::int64_t opened = 0, concluded = 0, on_time = 0, late = 0, yellow = 0, red = 0, refused = 0, extended = 0,
               suspended = 0, complaints = 0;
};

void count_case(MonthTally& t, const Replay& rep, Instant from, Instant to) {
  const CaseState& s = rep.state;
  if (in_period(s.opened_at, from, to)) ++t.opened;
  if (s.closed && in_period(s.closed_at, from, to)) {
    ++t.concluded;
    ++(late_reasons(rep).empty() ? t.on_time : t.late);
  }
  for (const auto& c : s.cards)
    if (in_period(c.at, from, to)) ++(c.colour == "red" ? t.red : t.yellow);
  for (const auto& e : rep.entries) {
    if (!in_period(e.at, from, to)) continue;
    t.refused += e.kind == "refused";
    t.extended += e.kind == "extended";
    t.suspended += e.kind == "clock_suspended";
  }
}

std::vector<std::string> month_row(const std::string& power, const MonthTally& t) {
  auto n = [](std::int64_t v) { return std::to_string(v); };
  return {power, t.name, n(t.opened), n(t.concluded), n(t.on_time), n(t.late), percent_text(t.on_time, t.concluded),
          n(t.yellow), n(t.red), n(t.refused), n(t.extended), n(t.suspended), n(t.complaints)};
}

}  // namespace

Served<Table> register_month(CaseService& svc, Store& store, int year, int month, const std::string& power) {
  auto first = make_day(year, month, 1);
  auto next = month == 12 ? make_day(year + 1, 1, 1) : make_day(year, month + 1, 1);
  if (!first || !next) return CaseError{CaseError::bad_value, fmt::format("{}-{:02} is not a month", year, month)};
  Instant from = day_start(*first), to = day_start(*next);
  auto ids = store.active_cases({{}, from, to, power});
  if (!ids) return from_store(ids.error());
  std::map<std::string, MonthTally> tallies;
  MonthTally all{"all", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (const auto& id : *ids) {
    auto loaded = load(svc, id, to - 1);
    if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
    const Loaded& l = std::get<Loaded>(loaded);
    MonthTally& t = tallies[l.rep.state.power];
    t.name = l.cp->process().power.name;
    count_case(t, l.rep, from, to);
    count_case(all, l.rep, from, to);
  }
  auto complaints = store.complaints(from, to);
  if (!complaints) return from_store(complaints.error());
  for (const auto& c : *complaints) {
    if (!power.empty() && c.power_code != power) continue;
    ++tallies[c.power_code].complaints;
    ++all.complaints;
  }
  Table t{{"power", "name", "opened", "concluded", "on_time", "late", "on_time_rate", "yellow", "red", "refused",
           "extensions", "suspensions", "complaints"},
          {"power", "name", "opened", "concluded", "on time", "late", "on-time rate", "yellow", "red", "refused",
           "extensions", "suspensions", "complaints"},
          {}};
  for (const auto& [p, tally] : tallies) t.rows.push_back(month_row(p, tally));
  t.rows.push_back(month_row("all", all));
  return t;
}

}  // namespace sunlit
