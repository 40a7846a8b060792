// How one event changes a case's state: the single definition of apply()'s semantics, written
// once over any payload representation.
//
// Contract (internal to the engine): included only by engine/case_state.cpp, which instantiates
// it for nlohmann::json (apply(), every commit and replay), and by engine/fast_replay.cpp, which
// instantiates it for RapidJSON's parsed value (bulk replay straight from the stored JSON text,
// without building a nlohmann DOM per event). Both therefore decide exactly the same things; a
// representation only supplies PayloadAccess<P>: member lookups that answer "absent" for a
// missing key or a value of another type, as the JSON path always has.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case_state.h"
#include "engine/definition.h"

namespace sunlit::detail {

// What apply() needs of an event besides its payload.
struct EventHead {
  std::int64_t seq = 0;
  Instant at = 0;
  std::string_view actor, post, kind;
};

// Member access for one payload representation P (specialised per representation):
//   text(p, key) -> std::string ("" if absent or not text)
//   instant(p, key) -> std::optional<Instant> (integers only)
//   flag(p, key) -> bool (true only for a boolean true)
//   number(p, key, fallback) -> double (any number; else fallback)
//   integer(p, key, fallback) -> std::int64_t (any number; else fallback)
//   member(p, key) -> something like std::optional<P> or const P* (present, whatever its type)
//   is_object(p), is_array(p) -> bool
//   for_each(array, f) -> f(element) for each element
//   for_each_member(object, f) -> f(key, element) for each member
//   to_json(p) -> nlohmann::json (a field value carried into the case's data)
template <class P> struct PayloadAccess;

// A payload's non-integer number as an integer, the same in both readers: truncated toward zero,
// NaN as 0, clamped to the int64 range (casting an out-of-range double is undefined behaviour).
inline std::int64_t to_int64(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775808.0) return std::numeric_limits<std::int64_t>::max();
  if (d < -9223372036854775808.0) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
}

inline bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

inline auto find_token(CaseState& s, std::string_view step) {
  return std::find_if(s.open.begin(), s.open.end(), [&](const Token& t) { return t.step == step; });
}

template <class P> std::optional<Period> period_from(const P& p, const char* key) {
  using A = PayloadAccess<P>;
  auto m = A::member(p, key);
  if (!m || !A::is_object(*m)) return std::nullopt;
  Period out{A::number(*m, "amount", 0.0), Unit::workdays, A::text(*m, "article"), {}};
  if (!parse_enum(A::text(*m, "unit"), out.unit)) return std::nullopt;
  return out;
}

template <class P> std::vector<Remedy> remedies_from(const P& p) {
  using A = PayloadAccess<P>;
  std::vector<Remedy> out;
  auto list = A::member(p, "remedies");
  if (!list || !A::is_array(*list)) return out;
  A::for_each(*list, [&](const P& r) {
    if (A::is_object(r))
      out.push_back({A::text(r, "channel"), A::text(r, "kind"), A::text(r, "body"), A::text(r, "contact"),
                     A::text(r, "article"), A::instant(r, "from").value_or(0), A::instant(r, "due"),
                     period_from(r, "period"), A::flag(r, "estimated")});
  });
  return out;
}

// The payload's `data` members set into the case's data (a signed or acted step's values).
template <class P> void set_data(CaseState& s, const P& p) {
  using A = PayloadAccess<P>;
  auto data = A::member(p, "data");
  if (data && A::is_object(*data))
    A::for_each_member(*data, [&](std::string_view k, const P& v) { s.data[std::string(k)] = A::to_json(v); });
}

template <class P> bool apply_opened(CaseState& s, const EventHead& e, const P& p) {
  using A = PayloadAccess<P>;
  s.power = A::text(p, "power");
  s.party = A::text(p, "party");
  s.definition_id = A::integer(p, "definition_id", 0);
  s.definition_version = static_cast<int>(A::integer(p, "definition_version", 0));
  s.opened_at = e.at;
  auto data = A::member(p, "data");
  if (data && A::is_object(*data)) s.data = A::to_json(*data);
  return true;
}

// The latest open right of `kind` (end() if none).
inline std::vector<RightState>::iterator find_open_right(CaseState& s, const std::string& kind) {
  for (auto it = s.rights.end(); it != s.rights.begin();) {
    --it;
    if (it->kind == kind && it->status == "open") return it;
  }
  return s.rights.end();
}

// Rights notified by an `acted` event (its `rights` array): each kind notified again replaces
// the same step's earlier notice if that is still open (a step done again notifies afresh).
template <class P> void notify_rights(CaseState& s, const EventHead& e, const P& p) {
  using A = PayloadAccess<P>;
  auto list = A::member(p, "rights");
  if (!list || !A::is_array(*list)) return;
  A::for_each(*list, [&](const P& r) {
    if (!A::is_object(r)) return;
    RightState x{A::text(r, "kind"), A::text(r, "step"), A::text(r, "article"), e.at, A::instant(r, "due"),
                 period_from(r, "window"), A::flag(r, "estimated"), "open", 0, "", ""};
    auto old = find_open_right(s, x.kind);
    if (old != s.rights.end() && old->step == x.step) s.rights.erase(old);
    s.rights.push_back(std::move(x));
  });
}

// A right ended: used (by an action or a `right_used` event) or lapsed. False if it is not open.
template <class P>
bool end_right(CaseState& s, const std::string& kind, const EventHead& e, const P& p, const char* status,
               std::string* error) {
  auto r = find_open_right(s, kind);
  if (r == s.rights.end()) return fail(error, "right '" + kind + "' is not open");
  r->status = status;
  r->ended_at = e.at;
  if (std::string_view(status) == "used") {
    r->used_by = std::string(e.actor);
    r->note = PayloadAccess<P>::text(p, "note");
  }
  return true;
}

template <class P> bool apply_right(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  std::string kind = PayloadAccess<P>::text(p, "kind");
  if (kind.empty()) return fail(error, std::string(e.kind) + " event without a right kind");
  return end_right(s, kind, e, p, e.kind == "right_used" ? "used" : "lapsed", error);
}

// A step ended (acted, elapsed): it no longer suspends the case clock.
inline void leave_step(CaseState& s, const std::string& step) {
  auto& by = s.clock.suspended_by;
  by.erase(std::remove(by.begin(), by.end(), step), by.end());
}

template <class P> bool apply_entered(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  std::string step = A::text(p, "step");
  if (step.empty()) return fail(error, "entered event without a step");
  if (find_token(s, step) != s.open.end()) return fail(error, "step '" + step + "' is already open");
  s.open.push_back({step, e.at, {}, A::instant(p, "due"), A::flag(p, "estimated")});
  return true;
}

// clock_started, clock_resumed, clock_restarted: the clock runs toward the payload's `due`.
template <class P> bool apply_clock_runs(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  auto due = PayloadAccess<P>::instant(p, "due");
  std::string kind(e.kind);
  if (!due) return fail(error, kind + " event without a due instant");
  if (kind == "clock_started" && s.clock.status != CaseClock::Status::none)
    return fail(error, "the case clock started twice");
  if (kind != "clock_started" && !s.clock.counting()) return fail(error, kind + " while the case clock is not counting");
  if (kind == "clock_resumed") {
    s.clock.suspended_by.clear();
    s.clock.reason.clear();
    s.clock.suspended_since = 0;
  }
  if (s.clock.suspended_by.empty()) s.clock.status = CaseClock::Status::running;
  else if (kind == "clock_restarted") s.clock.suspended_since = e.at;  // restarted while suspended
  s.clock.due = *due;
  s.clock.estimated = PayloadAccess<P>::flag(p, "estimated");
  return true;
}

template <class P> bool apply_clock_suspended(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  if (!s.clock.counting()) return fail(error, "clock_suspended while the case clock is not counting");
  if (s.clock.status == CaseClock::Status::running) {
    s.clock.status = CaseClock::Status::suspended;
    s.clock.reason = A::text(p, "reason");
    s.clock.suspended_since = e.at;
  }
  s.clock.suspended_by.push_back(A::text(p, "step"));
  return true;
}

inline bool apply_clock_stopped(CaseState& s) {
  s.clock.status = CaseClock::Status::stopped;
  s.clock.suspended_by.clear();
  s.clock.reason.clear();
  s.clock.suspended_since = 0;
  return true;
}

template <class P> bool apply_extended(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  auto due = A::instant(p, "due");
  if (!due || !s.clock.counting()) return fail(error, "extended without a counting case clock and a new due instant");
  double amount = A::number(p, "amount", 0.0);
  s.clock.due = *due;
  s.clock.estimated = s.clock.estimated || A::flag(p, "estimated");
  s.clock.extended += amount;
  s.clock.extensions.push_back(
      {e.at, amount, A::text(p, "unit"), std::string(e.actor), std::string(e.post), A::text(p, "reason"), *due});
  return true;
}

template <class P> bool apply_warned(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  auto due = A::instant(p, "due");
  std::string colour = A::text(p, "colour");
  if (!due || (colour != "yellow" && colour != "red")) return fail(error, "warned event without a colour and a due instant");
  std::string step = A::text(p, "scope") == "case" ? std::string() : A::text(p, "step");
  s.cards.push_back({static_cast<std::int64_t>(s.cards.size()) + 1, colour, step, A::text(p, "post"),
                     A::text(p, "department"), *due, e.at});
  return true;
}

template <class P> bool apply_signed(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  auto t = find_token(s, PayloadAccess<P>::text(p, "step"));
  if (t == s.open.end()) return fail(error, "signed a step that is not open");
  t->signatures.emplace_back(e.actor);
  set_data(s, p);
  return true;
}

template <class P> bool apply_acted(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  std::string step = A::text(p, "step");
  auto t = find_token(s, step);
  if (t == s.open.end()) return fail(error, "acted on step '" + step + "', which is not open");
  // Everyone who signed a two-official step handled it, as did the official who completed it.
  auto& done = s.done_by[step];
  for (const auto& who : t->signatures) done.push_back(who);
  if (!e.actor.empty() && e.actor != "party" && e.actor != "system") done.emplace_back(e.actor);
  s.open.erase(t);
  leave_step(s, step);
  set_data(s, p);
  std::string right = A::text(p, "right");  // a party action at the wait step that is a right's window
  if (!right.empty() && !end_right(s, right, e, p, "used", error)) return false;
  notify_rights(s, e, p);
  return true;
}

template <class P> bool apply_elapsed(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  std::string step = A::text(p, "step");
  auto t = find_token(s, step);
  if (t == s.open.end()) return fail(error, "elapsed on step '" + step + "', which is not open");
  s.open.erase(t);
  leave_step(s, step);
  std::string right = A::text(p, "right");  // the wait step was the right's window
  return right.empty() || end_right(s, right, e, p, "lapsed", error);
}

template <class P> bool apply_closed(CaseState& s, const EventHead& e, const P& p) {
  s.remedies = remedies_from(p);
  s.closed = true;
  s.outcome = PayloadAccess<P>::text(p, "outcome");
  s.closed_at = e.at;
  s.open.clear();
  s.arrived.clear();
  if (s.clock.status != CaseClock::Status::none) apply_clock_stopped(s);
  return true;
}

template <class P> bool apply_clock(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  const std::string_view k = e.kind;
  if (k == "clock_started" || k == "clock_resumed" || k == "clock_restarted") return apply_clock_runs(s, e, p, error);
  if (k == "clock_suspended") return apply_clock_suspended(s, e, p, error);
  if (k == "clock_stopped") return apply_clock_stopped(s);
  if (k == "extended") return apply_extended(s, e, p, error);
  if (k == "warned") return apply_warned(s, e, p, error);
  return fail(error, "unknown event kind '" + std::string(k) + "'");
}

// apply() over payload representation P (see case_state.h for the contract).
template <class P> bool apply_event(CaseState& s, const EventHead& e, const P& p, std::string* error) {
  using A = PayloadAccess<P>;
  if (e.seq != 0 && e.seq != s.last_seq + 1)
    return fail(error, "event " + std::to_string(e.seq) + " follows event " + std::to_string(s.last_seq));
  const std::string_view k = e.kind;
  if (s.closed && k != "refused") return fail(error, "event '" + std::string(k) + "' after the case closed");
  bool ok = true;
  if (k == "opened") ok = apply_opened(s, e, p);
  else if (k == "entered") ok = apply_entered(s, e, p, error);
  else if (k == "signed") ok = apply_signed(s, e, p, error);
  else if (k == "acted") ok = apply_acted(s, e, p, error);
  else if (k == "arrived") s.arrived[A::text(p, "join")].push_back(A::text(p, "from"));
  else if (k == "joined") s.arrived.erase(A::text(p, "join"));
  else if (k == "closed" || k == "withdrawn") ok = apply_closed(s, e, p);
  else if (k == "elapsed") ok = apply_elapsed(s, e, p, error);
  else if (k == "right_used" || k == "right_lapsed") ok = apply_right(s, e, p, error);
  else if (k != "chose" && k != "split" && k != "refused") ok = apply_clock(s, e, p, error);
  if (!ok) return false;
  s.last_seq = e.seq != 0 ? e.seq : s.last_seq + 1;
  return true;
}

}  // namespace sunlit::detail
