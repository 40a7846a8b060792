// The statutory clock in the runtime (docs/clock.md): deadlines when steps and the case clock
// start, suspension, restart and stop of the case clock, extensions, the timers a state makes
// pending, and firing them. Pure: every instant is given, the calendar comes in TimeRules.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>

#include "engine/json_object.h"
#include "engine/runtime.h"
#include "engine/runtime_clock.h"
#include "engine/runtime_rights.h"
#include "engine/runtime_route.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

CaseError err(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

json with_due(json p, const PeriodEnd& end) {
  p["due"] = end.end;
  if (end.estimated()) p["estimated"] = true;
  return p;
}

Instant hours(double amount) { return static_cast<Instant>(std::llround(amount * 3600)); }

// The unit a step's deadline is counted in (workdays if the step has no limit: never asked).
Unit step_unit(const CompiledProcess& cp, const std::string& step) {
  const Step* st = find_step(cp.process(), step);
  return st && st->limit ? st->limit->unit : Unit::workdays;
}

// Yellow (unless yellow or red was raised) and red (unless raised) for one deadline.
void cards_for(const CaseState& s, const TimeRules& rules, const std::string& prefix, const std::string& step,
               Instant due, Unit unit, std::vector<PendingTimer>& out) {
  bool red = raised(s, step, due, "red");
  if (!red && !raised(s, step, due, "yellow") && rules.yellow_before.amount > 0)
    out.push_back({prefix + "yellow", "yellow", step, yellow_at(rules, due, unit), due});
  if (!red) out.push_back({prefix + "red", "red", step, due, due});
}

// The post and department a card is addressed to: the step's, or for the case the first open step's.
std::pair<std::string, std::string> addressee(const CompiledProcess& cp, const CaseState& s, const std::string& step) {
  std::string at = step.empty() && !s.open.empty() ? s.open.front().step : step;
  auto v = cp.vertex(at);
  const Step* st = find_step(cp.process(), at);
  if (!v || !st) return {};
  return {st->post.name, cp.department(*v)};
}

Decision warn(const CompiledProcess& cp, const CaseState& s, const PendingTimer& t, Instant at) {
  auto [post, department] = addressee(cp, s, t.step);
  json p{{"colour", t.kind}, {"scope", t.step.empty() ? "case" : "step"}, {"step", t.step}, {"due", t.deadline},
         {"post", post},     {"department", department}};
  return std::vector<CaseEvent>{CaseEvent{0, at, "system", "", "warned", std::move(p)}};
}

Decision elapse(const CompiledProcess& cp, const CaseState& s, const PendingTimer& t, const TimeRules& rules) {
  auto v = cp.vertex(t.step);
  auto edge = v ? cp.timeout_edge(*v) : std::nullopt;
  if (!edge) return err(CaseError::conflict, fmt::format("step '{}' has no timeout to take", t.step));
  FlowVertex to = cp.target(*edge);
  json p{{"step", t.step}, {"due", t.due}, {"to", cp.node(to).id}};
  const Step* st = find_step(cp.process(), t.step);
  if (st && st->timeout && !st->timeout->label.empty()) p["label"] = st->timeout->label;
  std::string right = right_of_window(cp, s, t.step);  // the wait was a notified right's window
  if (!right.empty()) p["right"] = right;
  Router r(cp, s, t.due, "system", "", rules);
  r.set_data(s.data);
  for (const auto& tok : s.open)
    if (tok.step == t.step && st && st->kind == StepKind::wait) r.set_delivered(tok.since);
  r.events.push_back(CaseEvent{0, t.due, "system", "", "elapsed", std::move(p)});
  r.leave(t.step, false);
  r.enter(to, t.step);
  if (r.error) return *r.error;
  return std::move(r.events);
}

std::string amount_text(double amount, Unit unit) { return fmt::format("{} {}", amount, to_string(unit)); }

}  // namespace

PeriodEnd period_end(const TimeRules& rules, Instant start, const Period& p) {
  return rules.calendar->add(start, p.amount, p.unit);
}

Instant yellow_at(const TimeRules& rules, Instant due, Unit unit) {
  const Period& y = rules.yellow_before;
  if (unit == Unit::hours) return due - hours(y.unit == Unit::hours ? y.amount : 1);
  switch (y.unit) {
    case Unit::hours: return due - hours(y.amount);
    case Unit::workdays: return rules.calendar->workdays_before(due, static_cast<int>(std::ceil(y.amount)));
    default: return day_start(local_day(due) - static_cast<Day>(std::ceil(y.amount)));
  }
}

PeriodEnd resumed_due(const TimeRules& rules, Unit unit, Instant due, Instant since, Instant now) {
  if (unit == Unit::hours) return {now + std::max<Instant>(0, due - since), {}};
  if (due <= since) return {due, {}};  // already overdue when suspended: suspension cannot cure that
  Day last = local_day(due) - 1, from = local_day(since);
  PeriodEnd out;
  std::int64_t left = unit == Unit::workdays ? rules.calendar->workdays_between(from, last, &out.assumed_years)
                                             : last - from;
  if (left <= 0) return {day_start(local_day(now) + 1), out.assumed_years};  // the resume day is all that is left
  PeriodEnd end = rules.calendar->add(now, static_cast<double>(left), unit == Unit::workdays ? Unit::workdays : Unit::days);
  end.assumed_years.insert(end.assumed_years.end(), out.assumed_years.begin(), out.assumed_years.end());
  return end;
}

PeriodEnd extended_due(const TimeRules& rules, Instant due, double amount, Unit unit) {
  if (unit == Unit::hours) return {due + hours(amount), {}};
  return rules.calendar->add(day_start(local_day(due) - 1), amount, unit);  // counted on from the last day
}

std::vector<PendingTimer> pending_timers(const CompiledProcess& cp, const CaseState& s, const TimeRules& rules) {
  std::vector<PendingTimer> out;
  if (s.closed) return out;
  for (const auto& t : s.open) {
    if (!t.due) continue;
    auto v = cp.vertex(t.step);
    std::string prefix = "step:" + t.step + ":";
    if (v && cp.timeout_edge(*v)) out.push_back({prefix + "elapse", "elapse", t.step, *t.due, *t.due});
    else cards_for(s, rules, prefix, t.step, *t.due, step_unit(cp, t.step), out);
  }
  if (s.clock.status == CaseClock::Status::running && cp.process().limit)
    cards_for(s, rules, "case:", "", s.clock.due, cp.process().limit->period.unit, out);
  for (const auto& r : s.rights)  // a right's window, unless an open wait step is that window
    if (r.status == "open" && r.due && open_right(s, r.kind) == &r && window_step(cp, s, r).empty())
      out.push_back({lapse_timer(r.kind), "elapse", r.step, *r.due, *r.due});
  return out;
}

Decision fire(const CompiledProcess& cp, const CaseState& s, const std::string& name, Instant due, const TimeRules& rules) {
  auto timers = pending_timers(cp, s, rules);
  auto t = std::find_if(timers.begin(), timers.end(),
                        [&](const PendingTimer& p) { return p.name == name && (p.due == due || p.kind == "yellow"); });
  if (t == timers.end())
    return err(CaseError::conflict, fmt::format("timer '{}' due {} is no longer pending on case {}", name,
                                                format_local(due), s.id));
  if (t->name.rfind("right:", 0) == 0) return lapse_right(s, *t);
  if (t->kind == "elapse") return elapse(cp, s, *t, rules);
  return warn(cp, s, *t, due);
}

Decision extend_case(const CompiledProcess& cp, const CaseState& s, const Command& c, const Official& o, Instant now,
                     const TimeRules& rules) {
  const auto& limit = cp.process().limit;
  if (!limit) return err(CaseError::bad_value, "this power has no case limit, so there is nothing to extend");
  if (!limit->extension)
    return err(CaseError::bad_value, fmt::format("the case limit of {} cannot be extended: its definition allows no extension",
                                                 cp.process().power.code));
  const Extension& x = *limit->extension;
  const std::string& post = x.approved_by.name;
  if (std::none_of(o.posts.begin(), o.posts.end(), [&](const Ref& r) { return r.name == post; }))
    return err(CaseError::wrong_post, fmt::format("official '{}' does not hold post '{}', which approves extensions of the case limit ({})",
                                                  o.id, post, x.period.article));
  if (!s.clock.counting())
    return err(CaseError::bad_value, "the case clock is not running (not started or already stopped): there is no deadline to extend");
  if (s.clock.status == CaseClock::Status::running && now >= s.clock.due)
    return err(CaseError::bad_value, fmt::format("the case limit ended at {}; an extension must be granted before it ends",
                                                 format_local(s.clock.due)));
  if (c.note.empty()) return err(CaseError::bad_value, "an extension needs a reason (--note TEXT); it is recorded and shown to the party");
  double left = x.period.amount - s.clock.extended;
  std::string allowed = fmt::format("at most {} in all ({})", amount_text(x.period.amount, x.period.unit), x.period.article);
  if (left <= 0) return err(CaseError::bad_value, "the case limit was already extended by all the law allows: " + allowed);
  double amount = left;
  for (const auto& [name, text] : c.sets) {
    char* end = nullptr;
    amount = name == "amount" ? std::strtod(text.c_str(), &end) : -1;
    if (name != "amount" || end == text.c_str() || *end != '\0' || !(amount > 0))
      return err(CaseError::bad_value, fmt::format("an extension takes only a positive amount (got {}={})", name, text));
  }
  if (amount > left + 1e-9)
    return err(CaseError::bad_value, fmt::format("an extension of {} is more than the law allows: {}, {} left",
                                                 amount_text(amount, x.period.unit), allowed, amount_text(left, x.period.unit)));
  PeriodEnd end = extended_due(rules, s.clock.due, amount, x.period.unit);
  json p = with_due({{"amount", amount}, {"unit", to_string(x.period.unit)}, {"reason", c.note}, {"article", x.period.article}}, end);
  return std::vector<CaseEvent>{CaseEvent{0, now, o.id, post, "extended", std::move(p)}};
}

// --- the Router's side of the clock: entering a step, opening and leaving ---

void Router::start_clock() {
  PeriodEnd end = period_end(rules_, now_, cp_.process().limit->period);
  emit("clock_started", with_due(json::object(), end));
  clock_.status = CaseClock::Status::running;
  clock_.due = end.end;
}

void Router::open_clock() {
  if (cp_.process().limit && !cp_.clock_from() && clock_.status == CaseClock::Status::none) start_clock();
}

void Router::enter_step(FlowVertex v) {
  const NodeProps& n = cp_.node(v);
  const Step* st = cp_.step(v);
  json p = object_of("step", n.id);
  if (st && st->limit) p = with_due(std::move(p), period_end(rules_, now_, *st->limit));
  emit("entered", std::move(p));
  if (cp_.process().limit && clock_.status == CaseClock::Status::none && cp_.clock_from() && *cp_.clock_from() == v)
    start_clock();
  if (!cp_.suspends(v) || !clock_.counting()) return;
  emit("clock_suspended", {{"step", n.id}, {"reason", cp_.suspend_reason(v)}});
  if (clock_.status == CaseClock::Status::running) {
    clock_.status = CaseClock::Status::suspended;
    clock_.suspended_since = now_;
  }
  clock_.suspended_by.push_back(n.id);
}

void Router::leave(const std::string& step, bool acted) {
  auto v = cp_.vertex(step);
  if (!v || !cp_.process().limit) return;
  auto& by = clock_.suspended_by;
  auto it = std::find(by.begin(), by.end(), step);
  if (it != by.end()) {
    by.erase(it);
    if (by.empty() && clock_.status == CaseClock::Status::suspended) {
      PeriodEnd end = resumed_due(rules_, cp_.process().limit->period.unit, clock_.due, clock_.suspended_since, now_);
      emit("clock_resumed", with_due({{"step", step}, {"suspended_since", clock_.suspended_since}}, end));
      clock_.status = CaseClock::Status::running;
      clock_.due = end.end;
    }
  }
  if (acted && cp_.restarts_clock(*v) && clock_.counting()) {
    PeriodEnd end = period_end(rules_, now_, cp_.process().limit->period);
    emit("clock_restarted", with_due({{"step", step}}, end));
    clock_.due = end.end;
    if (clock_.status == CaseClock::Status::suspended) clock_.suspended_since = now_;
  }
  if (cp_.clock_until() && *cp_.clock_until() == *v && clock_.counting()) {
    emit("clock_stopped", {{"step", step}});
    clock_.status = CaseClock::Status::stopped;
    by.clear();
  }
}

}  // namespace sunlit
