#include "engine/supervise.h"

#include <algorithm>
#include <fmt/format.h>
#include <regex>

#include "engine/report_common.h"

namespace sunlit {

namespace {

using json = nlohmann::json;
using namespace report_detail;

// Collects exceptions for one filter, remembering the first error.
class Collector {
 public:
  Collector(CaseService& svc, Store& store, const SuperviseFilter& f, Instant now)
      : svc_(svc), store_(store), f_(f), now_(now) {}

  std::optional<CaseError> error;
  std::vector<SupervisionException> out;

  void overdue() {
    auto rows = store_.worklist({{}, f_.power, CaseStatus::open});
    if (!rows) return fail(from_store(rows.error()));
    for (const auto& row : *rows) {
      const CompiledProcess* cp = compiled_of(svc_, row.definition_id, error);
      const Calendar* cal = calendar(row.power_code);
      if (!cp || !cal) return;
      for (const auto& s : row.open_steps) {
        StepInfo info = step_info(*cp, s.step);
        if (!s.due || *s.due >= now_ || info.timed_out || !info.limit) continue;
        add({"overdue_step", row.id, row.power_code, s.step, info.name, s.post, s.department, "", *s.due,
             late_text(*cal, *s.due, *info.limit)});
      }
      const auto& limit = cp->process().limit;
      if (row.due && *row.due < now_ && limit) {
        const OpenStep* where = row.open_steps.empty() ? nullptr : &row.open_steps.front();
        add({"overdue_case", row.id, row.power_code, "", "", where ? where->post : "", where ? where->department : "",
             "", *row.due, late_text(*cal, *row.due, limit->period)});
      }
    }
  }

  void cards() {
    auto ws = svc_.warnings({f_.department, "", "", false});
    if (auto* e = std::get_if<CaseError>(&ws)) return fail(*e);
    for (const auto& w : std::get<std::vector<WarningView>>(ws)) {
      if (!f_.power.empty() && w.power != f_.power) continue;
      std::string on = w.step.empty() ? "the case limit" : "step " + w.step;
      add({w.colour + "_card", w.case_id, w.power, w.step, w.step_name, w.post, w.department, "", w.raised_at,
           fmt::format("{} card on {}, deadline {}{}", w.colour, on, format_local(w.due), w.active ? "" : " (ended)")});
    }
  }

  void refusals() {
    for (const auto& le : events({"refused"})) {
      const CompiledProcess* cp = compiled_of(svc_, le.definition_id, error);
      if (!cp) return;
      json p = json::parse(le.event.payload, nullptr, false);
      std::string step = refused_step(p);
      StepInfo info = step_info(*cp, step);
      std::string reason = payload_text(p, "reason");
      add({reason == "wrong_post" ? "wrong_post" : "separation", le.event.case_id, le.power_code, step, info.name,
           info.post, info.department, le.event.actor, le.event.at,
           fmt::format("action '{}' refused: {}", payload_text(p, "action"), payload_text(p, "message"))});
    }
  }

  void unreasoned() {
    for (const auto& le : events({"closed"})) {
      const CompiledProcess* cp = compiled_of(svc_, le.definition_id, error);
      if (!cp) return;
      json p = json::parse(le.event.payload, nullptr, false);
      std::string outcome = payload_text(p, "outcome");
      auto v = cp->vertex(outcome);
      const Outcome* o = v ? cp->outcome(*v) : nullptr;
      if (!o || (o->kind != OutcomeKind::refused && o->kind != OutcomeKind::not_accepted)) continue;
      check_reasons(le, *cp, *o);
    }
  }

  void extensions() {
    for (const auto& le : events({"extended"})) {
      const CompiledProcess* cp = compiled_of(svc_, le.definition_id, error);
      if (!cp) return;
      json p = json::parse(le.event.payload, nullptr, false);
      Instant due = p.value("due", Instant{0});
      add({"extension", le.event.case_id, le.power_code, "", "", le.event.post, department_of_post(*cp, le.event.post),
           le.event.actor, le.event.at,
           fmt::format("case limit extended by {} {}: {}; new deadline {}", p.value("amount", 0.0),
                       payload_text(p, "unit"), payload_text(p, "reason"), format_local(due))});
    }
  }

  void suspensions() {
    for (const auto& le : events({"clock_suspended"})) {
      const CompiledProcess* cp = compiled_of(svc_, le.definition_id, error);
      if (!cp) return;
      json p = json::parse(le.event.payload, nullptr, false);
      std::string step = payload_text(p, "step");
      StepInfo info = step_info(*cp, step);
      add({"suspension", le.event.case_id, le.power_code, step, info.name, info.post, info.department, "",
           le.event.at,
           fmt::format("case clock suspended at step {} ({}); {}", step, payload_text(p, "reason"),
                       resumed_text(le.event))});
    }
  }

 private:
  void fail(const CaseError& e) {
    if (!error) error = e;
  }

  void add(SupervisionException x) {
    if (!f_.department.empty() && x.department != f_.department) return;
    if (!f_.kind.empty() && x.kind != f_.kind) return;
    if (!in_period(x.at, f_.from, f_.to)) return;
    out.push_back(std::move(x));
  }

  std::vector<LoggedEvent> events(std::vector<std::string> kinds) {
    auto r = store_.logged_events({std::move(kinds), f_.from, f_.to, f_.power});
    if (!r) {
      fail(from_store(r.error()));
      return {};
    }
    return std::move(*r);
  }

  const Calendar* calendar(const std::string& power) {
    auto r = svc_.rules(power);
    if (auto* e = std::get_if<CaseError>(&r)) {
      fail(*e);
      return nullptr;
    }
    return std::get<TimeRules>(r).calendar;
  }

  std::string late_text(const Calendar& cal, Instant due, const Period& limit) {
    DeadlineView d = deadline_view(cal, due, limit, now_, false, "");
    std::string article = limit.article.empty() ? "" : ", " + limit.article;
    return fmt::format("{} (limit {}{})", d.left_text, unit_words(static_cast<std::int64_t>(limit.amount), limit.unit),
                       article);
  }

  // The step a refusal was about: recorded in the payload, else named in its message.
  static std::string refused_step(const json& p) {
    std::string step = payload_text(p, "step");
    if (!step.empty()) return step;
    static const std::regex named[] = {std::regex("may not act on step '([^']*)'"),
                                        std::regex("which owns step '([^']*)'"), std::regex("^step '([^']*)'")};
    std::smatch m;
    std::string message = payload_text(p, "message");
    for (const auto& re : named)
      if (std::regex_search(message, m, re)) return m[1].str();
    return "";
  }

  std::string resumed_text(const Event& suspended) {
    auto all = store_.events(suspended.case_id);
    if (!all) {
      fail(from_store(all.error()));
      return "";
    }
    for (const auto& e : *all)
      if (e.seq > suspended.seq && e.kind == "clock_resumed") return "resumed " + format_local(e.at);
    return "not resumed";
  }

  void check_reasons(const LoggedEvent& closed, const CompiledProcess& cp, const Outcome& o);

  CaseService& svc_;
  Store& store_;
  const SuperviseFilter& f_;
  Instant now_;
};

// Whether a field value is given: a non-empty text, or any non-null, non-empty value.
bool given(const json& v) {
  if (v.is_null()) return false;
  if (v.is_string()) return v.get<std::string>().find_first_not_of(" \t\r\n") != std::string::npos;
  if (v.is_array() || v.is_object()) return !v.empty();
  return true;
}

void Collector::check_reasons(const LoggedEvent& closed, const CompiledProcess& cp, const Outcome& o) {
  auto all = store_.events(closed.event.case_id);
  if (!all) return fail(from_store(all.error()));
  const Event* decided = nullptr;  // the event that led to the outcome
  for (const auto& e : *all) {
    if (e.seq >= closed.event.seq) break;
    if (e.kind == "acted" || e.kind == "elapsed") decided = &e;
  }
  if (!decided || decided->kind != "acted") return;  // a deemed outcome: no official refused
  json p = json::parse(decided->payload, nullptr, false);
  if (given(p.value("note", json()))) return;
  auto row = store_.load_case(closed.event.case_id);
  if (!row) return fail(from_store(row.error()));
  json data = json::parse(row->snapshot, nullptr, false).value("data", json::object());
  for (const auto& f : cp.process().fields)
    if (f.name.find("reason") != std::string::npos && data.contains(f.name) && given(data[f.name])) return;
  std::string step = payload_text(p, "step");
  StepInfo info = step_info(cp, step);
  add({"refusal_without_reasons", closed.event.case_id, closed.power_code, step, info.name, decided->post,
       info.department, decided->actor, closed.event.at,
       fmt::format("closed as '{}' ({}) by action '{}' with no reason recorded", o.name.empty() ? o.id : o.name,
                   to_string(o.kind), payload_text(p, "action"))});
}

std::size_t kind_rank(const std::string& kind) {
  const auto& kinds = exception_kinds();
  return static_cast<std::size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
}

}  // namespace

const std::vector<std::string>& exception_kinds() {
  static const std::vector<std::string> kinds{"overdue_step", "overdue_case", "yellow_card", "red_card", "wrong_post",
                                              "separation", "refusal_without_reasons", "extension", "suspension"};
  return kinds;
}

Served<std::vector<SupervisionException>> supervise_exceptions(CaseService& svc, Store& store,
                                                               const SuperviseFilter& filter, Instant now) {
  Collector c(svc, store, filter, now);
  c.overdue();
  c.cards();
  c.refusals();
  c.unreasoned();
  c.extensions();
  c.suspensions();
  if (c.error) return *c.error;
  std::stable_sort(c.out.begin(), c.out.end(), [](const auto& a, const auto& b) {
    if (a.at != b.at) return a.at < b.at;
    if (a.case_id != b.case_id) return a.case_id < b.case_id;
    return kind_rank(a.kind) < kind_rank(b.kind);
  });
  return std::move(c.out);
}

}  // namespace sunlit
