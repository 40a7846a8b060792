// The party's rights and remedies (issue 5 item 4, docs/clock.md "Rights and remedies"): rights
// notified when the step granting them is done, their use and their lapse, and the remedies an
// outcome states. Pure: every instant is given, the calendar comes in TimeRules.
#include "engine/runtime_rights.h"

#include <algorithm>
#include <fmt/format.h>

#include "engine/suggest.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

CaseError refuse(std::string message) { return CaseError{CaseError::bad_value, std::move(message), true}; }

json period_json(const Period& p) { return {{"amount", p.amount}, {"unit", to_string(p.unit)}, {"article", p.article}}; }

std::string kinds_text(const std::vector<std::string>& kinds) {
  std::string out;
  for (const auto& k : kinds) out += (out.empty() ? "" : ", ") + k;
  return out.empty() ? "none" : out;
}

// Why a right of `kind` cannot be used now, or nullopt if it can.
std::optional<CaseError> check_use(const CompiledProcess& cp, const CaseState& s, const std::string& kind, Instant now) {
  std::vector<std::string> notified, defined;
  for (const auto& r : s.rights)
    if (std::find(notified.begin(), notified.end(), r.kind) == notified.end()) notified.push_back(r.kind);
  for (const auto& r : cp.process().rights) defined.push_back(to_string(r.kind));
  if (std::find(defined.begin(), defined.end(), kind) == defined.end())
    return CaseError{CaseError::bad_value, fmt::format("power {} grants no right '{}'{}; its rights: {}", s.power, kind,
                                                       did_you_mean(kind, defined), kinds_text(defined))};
  if (std::find(notified.begin(), notified.end(), kind) == notified.end())
    return refuse(fmt::format("the right '{}' has not been notified on case {}; notified rights: {}", kind, s.id,
                              kinds_text(notified)));
  const RightState* r = open_right(s, kind);
  if (!r) {
    const RightState& last = *std::find_if(s.rights.rbegin(), s.rights.rend(), [&](const RightState& x) { return x.kind == kind; });
    if (last.status == "used")
      return refuse(fmt::format("the right '{}' was already used on {} (recorded by {})", kind,
                                format_local(last.ended_at), last.used_by));
    return refuse(fmt::format("the window of the right '{}' ended at {} ({:g} {}, {}); it can no longer be used", kind,
                              format_local(*last.due), last.window->amount, to_string(last.window->unit),
                              last.window->article));
  }
  if (r->due && now >= *r->due)
    return refuse(fmt::format("the window of the right '{}' ended at {} ({:g} {}, {}); it can no longer be used", kind,
                              format_local(*r->due), r->window->amount, to_string(r->window->unit), r->window->article));
  return std::nullopt;
}

}  // namespace

json notified_rights(const CompiledProcess& cp, const std::string& step, Instant now, const TimeRules& rules) {
  json out = json::array();
  auto v = cp.vertex(step);
  if (!v) return out;
  for (size_t i : cp.rights_at(*v)) {
    const Right& r = cp.process().rights.at(i);
    json j{{"kind", to_string(r.kind)}, {"step", step}, {"article", r.article}};
    if (r.window) {
      PeriodEnd end = period_end(rules, now, *r.window);
      j["window"] = period_json(*r.window);
      j["due"] = end.end;
      if (end.estimated()) j["estimated"] = true;
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::string window_step(const CompiledProcess& cp, const CaseState& s, const RightState& r) {
  if (!r.window || r.window->article.empty()) return {};
  for (const auto& t : s.open) {
    const Step* st = find_step(cp.process(), t.step);
    if (st && st->kind == StepKind::wait && st->limit && st->limit->article == r.window->article) return t.step;
  }
  return {};
}

std::string right_of_window(const CompiledProcess& cp, const CaseState& s, const std::string& step) {
  for (const auto& r : s.rights)
    if (r.status == "open" && window_step(cp, s, r) == step) return r.kind;
  return {};
}

json remedies_of(const CompiledProcess& cp, const std::string& outcome, Instant delivered, const TimeRules& rules) {
  json out = json::array();
  const Outcome* o = find_outcome(cp.process(), outcome);
  if (!o) return out;
  for (const auto& ref : o->remedies) {
    const Channel* c = find_channel(cp.process(), ref.name);
    if (!c) continue;
    Remedy r{c->id, to_string(c->kind), c->body, c->contact, c->deadline ? c->deadline->article : "", delivered,
             std::nullopt, c->deadline, false};
    if (c->deadline) {
      PeriodEnd end = period_end(rules, delivered, *c->deadline);
      r.due = end.end;
      r.estimated = end.estimated();
    }
    out.push_back(remedy_json(r));
  }
  return out;
}

std::string lapse_timer(const std::string& kind) { return "right:" + kind + ":lapse"; }

Decision lapse_right(const CaseState& s, const PendingTimer& t) {
  std::string kind = t.name.substr(6, t.name.size() - 6 - 6);  // "right:" KIND ":lapse"
  const RightState* r = open_right(s, kind);
  if (!r || !r->due || *r->due != t.due)
    return CaseError{CaseError::conflict, fmt::format("right '{}' has no open window ending then", kind)};
  json p{{"kind", kind}, {"step", r->step}, {"due", *r->due}, {"article", r->window ? r->window->article : r->article}};
  return std::vector<CaseEvent>{CaseEvent{0, t.due, "system", "", "right_lapsed", std::move(p)}};
}

Decision use_right(const CompiledProcess& cp, const CaseState& s, const RightUse& u, Instant now, const TimeRules& rules) {
  if (s.closed)
    return CaseError{CaseError::closed, fmt::format("case {} is closed (outcome: {}); no right can be used", s.id, s.outcome)};
  if (!find_official(cp.organisation(), u.official)) {
    std::vector<std::string> ids;
    for (const auto& x : cp.organisation().officials) ids.push_back(x.id);
    return CaseError{CaseError::unknown_official,
                     fmt::format("unknown official '{}'{}", u.official, did_you_mean(u.official, ids))};
  }
  if (auto e = check_use(cp, s, u.kind, now)) return *e;
  const RightState& r = *open_right(s, u.kind);
  std::string wait = window_step(cp, s, r);
  if (!wait.empty()) {  // the flowchart models this right's window: its action is the use
    const Step* st = find_step(cp.process(), wait);
    if (st->actions.size() != 1) {
      std::vector<std::string> names;
      for (const auto& a : st->actions) names.push_back(a.name);
      return CaseError{CaseError::ambiguous, fmt::format("the right '{}' is used by an action of step '{}'; say which with "
                                                         "'case advance --action': {}", u.kind, wait, kinds_text(names))};
    }
    return advance(cp, s, Command{st->actions.front().name, u.official, wait, {}, u.note}, now, rules);
  }
  json p{{"kind", u.kind}, {"step", r.step}, {"article", r.article}};
  if (!u.note.empty()) p["note"] = u.note;
  return std::vector<CaseEvent>{CaseEvent{0, now, u.official, "", "right_used", std::move(p)}};
}

}  // namespace sunlit
