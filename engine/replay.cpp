#include "engine/replay.h"

#include <fmt/format.h>

namespace sunlit {

namespace {

using json = nlohmann::json;

std::string str(const json& p, const char* key) { return payload_text(p, key); }

// Time from `from` to `to` in `unit`, the first day not counted (hours: started hours).
std::int64_t used_in(const Calendar& cal, Instant from, Instant to, Unit unit) {
  if (unit == Unit::hours) return (to - from + 3599) / 3600;
  // A visit that ends at 24:00 (00:00 of the next date) ended on the day before.
  Day a = local_day(from), b = local_day(to > from ? to - 1 : to);
  if (unit == Unit::workdays) return cal.workdays_between(a, b);
  return b - a;
}

std::string elapsed_text(const json& p) {
  std::string label = str(p, "label");
  return label.empty() ? "its time elapsed, to " + str(p, "to") : "its time elapsed: " + label;
}

std::string who(const CaseEvent& e) { return e.post.empty() ? e.actor : fmt::format("{} ({})", e.actor, e.post); }

// Builds the visits and entries while the events are applied.
class Timeline {
 public:
  Timeline(const CompiledProcess& cp, const Calendar& cal, Replay& out) : cp_(cp), cal_(cal), out_(out) {}

  void see(const CaseEvent& e) {
    const json& p = e.payload;
    const std::string& k = e.kind;
    if (k == "entered") enter(e);
    else if (k == "acted") acted(e);
    else if (k == "elapsed") {
      leave(str(p, "step"), e.at, elapsed_text(p));
      if (!str(p, "right").empty())
        out_.entries.push_back({e.seq, e.at, "right_lapsed", fmt::format("right {} lapsed: its window (step {}) ended",
                                                                          str(p, "right"), str(p, "step"))});
    }
    else if (k == "withdrawn" || k == "closed") close_all(e);
    else note(e);
  }

  void finish(Instant end) {
    for (auto& v : out_.steps) measure(v, v.left.value_or(end));
  }

 private:
  void enter(const CaseEvent& e) {
    StepVisit v;
    v.step = str(e.payload, "step");
    v.entered = e.at;
    if (auto vx = cp_.vertex(v.step)) {
      if (const Step* st = cp_.step(*vx)) {
        v.name = st->name;
        v.post = st->post.name;
        v.limit = st->limit;
      }
    }
    if (auto d = e.payload.find("due"); d != e.payload.end() && d->is_number_integer()) v.due = d->get<Instant>();
    out_.steps.push_back(std::move(v));
  }

  // An action: the visit ends; the rights it notified go on the visit; a right it used is an entry.
  void acted(const CaseEvent& e) {
    const json& p = e.payload;
    std::string step = str(p, "step");
    StepVisit* v = open_visit(step);
    leave(step, e.at, fmt::format("{} by {}", str(p, "action"), who(e)));
    if (auto r = p.find("rights"); v && r != p.end() && r->is_array())
      for (const auto& x : *r)
        v->rights.push_back(fmt::format("{} ({}){}", str(x, "kind"), str(x, "article"),
                                        x.contains("due") && x["due"].is_number_integer()
                                            ? ", window until " + format_local(x["due"].get<Instant>())
                                            : std::string()));
    if (!str(p, "right").empty())
      out_.entries.push_back({e.seq, e.at, "right_used", fmt::format("right {} used: {} at step {} by {}", str(p, "right"),
                                                                     str(p, "action"), step, who(e))});
  }

  StepVisit* open_visit(const std::string& step) {
    for (auto it = out_.steps.rbegin(); it != out_.steps.rend(); ++it)
      if (it->step == step && !it->left) return &*it;
    return nullptr;
  }

  void leave(const std::string& step, Instant at, std::string how) {
    if (StepVisit* v = open_visit(step)) {
      v->left = at;
      v->how = std::move(how);
    }
  }

  void close_all(const CaseEvent& e) {
    std::string why = e.kind == "withdrawn" ? "cancelled: the party withdrew" : "cancelled: the case closed";
    for (auto& v : out_.steps)
      if (!v.left) v.left = e.at, v.how = why;
    std::string outcome = str(e.payload, "outcome");
    std::string name = outcome;
    if (auto vx = cp_.vertex(outcome))
      if (const Outcome* o = cp_.outcome(*vx)) name = o->name.empty() ? o->id : o->name;
    std::string remedies;
    for (const auto& r : remedies_in(e.payload))
      remedies += fmt::format("{} {} ({}{})", remedies.empty() ? "; remedies:" : ",", r.kind, r.body,
                              r.due ? ", until " + format_local(*r.due) : std::string());
    out_.entries.push_back({e.seq, e.at, e.kind,
                            fmt::format("{}: {}{}", e.kind == "withdrawn" ? "withdrawn" : "closed", name, remedies)});
  }

  void note(const CaseEvent& e) {
    const json& p = e.payload;
    const std::string& k = e.kind;
    auto due = [&]() { return p.contains("due") && p["due"].is_number_integer() ? format_local(p["due"].get<Instant>()) : std::string("?"); };
    std::string text;
    if (k == "clock_started") text = "case clock started, due " + due();
    else if (k == "clock_suspended") text = fmt::format("case clock suspended at step {}: {}", str(p, "step"), str(p, "reason"));
    else if (k == "clock_resumed") text = fmt::format("case clock resumed after step {}, due {}", str(p, "step"), due());
    else if (k == "clock_restarted") text = fmt::format("case clock restarted after step {}, due {}", str(p, "step"), due());
    else if (k == "clock_stopped") text = fmt::format("case clock stopped after step {}", str(p, "step"));
    else if (k == "extended")
      text = fmt::format("extended by {} {} by {}: {}; due {}", p.value("amount", 0.0), str(p, "unit"), who(e),
                         str(p, "reason"), due());
    else if (k == "warned")
      text = fmt::format("{} card on {} (deadline {})", str(p, "colour"),
                         str(p, "step").empty() ? std::string("the case") : "step " + str(p, "step"), due());
    else if (k == "right_used")
      text = fmt::format("right {} used, recorded by {}{}", str(p, "kind"), who(e),
                         str(p, "note").empty() ? std::string() : ": " + str(p, "note"));
    else if (k == "right_lapsed") text = fmt::format("right {} lapsed: its window ended {}", str(p, "kind"), due());
    else if (k == "refused") text = fmt::format("REFUSED {} by {}: {}", str(p, "action"), who(e), str(p, "message"));
    else return;
    out_.entries.push_back({e.seq, e.at, k, std::move(text)});
  }

  void measure(StepVisit& v, Instant until) {
    Unit unit = v.limit ? v.limit->unit : Unit::workdays;
    v.used = used_in(cal_, v.entered, until, unit);
    v.overdue = v.due && until > *v.due;
    if (!v.limit) {
      v.used_text = unit_words(v.used, unit);
      return;
    }
    std::string limit = unit_words(static_cast<std::int64_t>(v.limit->amount), unit);
    v.used_text = v.overdue ? fmt::format("{} (limit {}): overdue", unit_words(v.used, unit), limit)
                            : fmt::format("{} of {}", v.used, limit);
  }

  const CompiledProcess& cp_;
  const Calendar& cal_;
  Replay& out_;
};

}  // namespace

Replay replay(const CompiledProcess& cp, const std::vector<CaseEvent>& events, const Calendar& calendar,
              std::optional<Instant> as_of, Instant end) {
  Replay out;
  Timeline timeline(cp, calendar, out);
  for (const auto& e : events) {
    if (as_of && e.at > *as_of) break;
    std::string why;
    if (!apply(out.state, e, &why)) {
      out.error = fmt::format("event {} ({}) cannot be replayed: {}", e.seq, e.kind, why);
      break;
    }
    timeline.see(e);
    ++out.events;
  }
  timeline.finish(as_of ? std::min(*as_of, end) : end);
  return out;
}

}  // namespace sunlit
