// The statutory clock in the pure runtime (docs/clock.md), on the real built-in calendar: the
// dates are computed by hand from the State Council notices and cited where a holiday or an
// adjusted working day matters:
//   2025: 国务院办公厅关于2025年部分节假日安排的通知 (国办发明电〔2024〕12号): National Day and
//         Mid-Autumn, Oct 1-8 off; Sun Sept 28 and Sat Oct 11 are working days.
//   2026: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电〔2025〕7号): Spring Festival,
//         Feb 15-23 off; Sat Feb 14 and Sat Feb 28 are working days.
// Fixture: tests/data/cases/clock.yaml (case limit 20 working days, +10 by the head).
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "engine/compiler.h"
#include "engine/loader.h"
#include "engine/runtime.h"
#include "engine/validator.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

std::string fixture(const std::string& name) {
  std::string why;
  auto text = read_text_file(std::string(SUNLIT_SOURCE_DIR) + "/tests/data/cases/" + name, &why);
  INFO(why);
  REQUIRE(text);
  return *text;
}

std::shared_ptr<const CompiledProcess> compiled(const std::string& file = "clock.yaml") {
  Diagnostics d;
  auto org = load_document(fixture("town.org.yaml"), "town.org.yaml", d).organisation;
  auto proc = load_document(fixture(file), file, d).process;
  REQUIRE(org);
  REQUIRE(proc);
  validate_organisation(*org, d);
  validate_process(*proc, &*org, d);
  INFO(d.render());
  REQUIRE(d.error_count() == 0);
  return compile(*proc, *org);
}

Instant at(const char* text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

// Applies a decision's events in order, as the store would after committing them.
std::vector<CaseEvent> commit(CaseState& s, const Decision& d) {
  if (auto* e = std::get_if<CaseError>(&d)) FAIL(e->message);
  auto events = std::get<std::vector<CaseEvent>>(d);
  for (auto& e : events) {
    e.seq = s.last_seq + 1;
    std::string why;
    INFO(why);
    REQUIRE(apply(s, e, &why));
  }
  return events;
}

CaseError error_of(const Decision& d) {
  REQUIRE(std::holds_alternative<CaseError>(d));
  return std::get<CaseError>(d);
}

std::vector<std::string> kinds(const std::vector<CaseEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.kind);
  return out;
}

const Token& token(const CaseState& s, const std::string& step) {
  for (const auto& t : s.open)
    if (t.step == step) return t;
  FAIL("step " << step << " is not open");
  return s.open.front();
}

CaseState open_at(const CompiledProcess& cp, const char* when) {
  CaseState s;
  s.id = "2025-000001";
  commit(s, open_case(cp, 1, 1, "Shop Ltd", {}, "party", at(when)));
  return s;
}

Decision act(const CompiledProcess& cp, const CaseState& s, const char* official, const char* action, const char* when,
             const std::string& note = "", std::optional<double> amount = std::nullopt) {
  Command c;
  c.action = action;
  c.official = official;
  c.note = note;
  if (amount) c.sets.push_back({"amount", fmt::format("{}", *amount)});
  return advance(cp, s, c, at(when));
}

// Fires every pending timer due at or before `now`, earliest first, one at a time.
std::vector<CaseEvent> tick(const CompiledProcess& cp, CaseState& s, Instant now) {
  std::vector<CaseEvent> all;
  for (;;) {
    auto timers = pending_timers(cp, s, {});
    std::optional<PendingTimer> next;
    for (const auto& t : timers)
      if (t.due <= now && (!next || t.due < next->due)) next = t;
    if (!next) return all;
    auto events = commit(s, fire(cp, s, next->name, next->due, {}));
    all.insert(all.end(), events.begin(), events.end());
  }
}

std::vector<std::string> timer_names(const CompiledProcess& cp, const CaseState& s) {
  std::vector<std::string> out;
  for (const auto& t : pending_timers(cp, s, {})) out.push_back(t.name + "@" + format_local(t.due));
  return out;
}

void same_after_replay(const CaseState& s, const std::vector<CaseEvent>& log) {
  CaseState replay;
  for (const auto& e : log) {
    std::string why;
    INFO(why);
    REQUIRE(apply(replay, e, &why));
  }
  CHECK(to_json(replay) == to_json(s));
  auto back = state_from_json(to_json(s));
  REQUIRE(back);
  CHECK(to_json(*back) == to_json(s));
}

}  // namespace

TEST_CASE("opening starts the case clock and the first step's deadline, carried in the events") {
  auto cp = compiled();
  CaseState s;
  auto events = commit(s, open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2025-09-22T09:00")));
  CHECK(kinds(events) == std::vector<std::string>{"opened", "clock_started", "entered"});
  // 20 working days after Mon Sept 22, 2025: Sept 23-26, Sun Sept 28 (adjusted working day),
  // Sept 29-30, then Oct 9, 10, Sat Oct 11 (adjusted), Oct 13-17, Oct 20-24: the last day is
  // Fri Oct 24, so the period ends at 24:00 that day.
  CHECK(format_local(events[1].payload["due"].get<Instant>()) == "2025-10-25T00:00:00+08:00");
  // accept: 5 working days, Sept 23, 24, 25, 26 and Sun Sept 28 (adjusted working day).
  CHECK(events[2].payload["due"].get<Instant>() == at("2025-09-29T00:00"));
  CHECK_FALSE(events[2].payload.contains("estimated"));
  CHECK(s.clock.status == CaseClock::Status::running);
  CHECK(token(s, "accept").due == at("2025-09-29T00:00"));
  // accept has a deemed outcome: one elapse timer; the case: yellow at 00:00 of its last working day, red at the end.
  CHECK(timer_names(*cp, s) == std::vector<std::string>{"step:accept:elapse@2025-09-29T00:00:00+08:00",
                                                         "case:yellow@2025-10-24T00:00:00+08:00",
                                                         "case:red@2025-10-25T00:00:00+08:00"});
}

TEST_CASE("a deemed outcome by timer: no one-time notice within 5 working days means accepted") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  CHECK(tick(*cp, s, at("2025-09-28T23:59")).empty());
  auto events = tick(*cp, s, at("2025-10-09T09:00"));
  REQUIRE(events.size() >= 2);
  CHECK(events[0].kind == "elapsed");
  CHECK(events[0].actor == "system");
  CHECK(events[0].at == at("2025-09-29T00:00"));  // at its own due instant, not at the tick
  CHECK(events[0].payload["to"] == "review");
  CHECK(events[0].payload["label"] == "deemed accepted (License Law art. 32)");
  CHECK(events[1].kind == "entered");
  // review, 3 working days from Mon Sept 29: Sept 30, (Oct 1-8 National Day holiday), Oct 9, Oct 10.
  CHECK(events[1].payload["due"].get<Instant>() == at("2025-10-11T00:00"));
  // Its yellow card (00:00 of its last working day, Oct 10) is not yet due on Oct 9.
  CHECK(events.size() == 2);
}

TEST_CASE("a red card on a step while the case is still in time") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, act(*cp, s, "ann", "accept", "2025-09-25T10:00"));
  // review: 3 working days after Thu Sept 25: Fri 26, Sun 28 (adjusted working day), Mon 29.
  REQUIRE(token(s, "review").due == at("2025-09-30T00:00"));
  auto events = tick(*cp, s, at("2025-10-09T10:00"));
  REQUIRE(kinds(events) == std::vector<std::string>{"warned", "warned"});
  CHECK(events[0].payload["colour"] == "yellow");
  CHECK(events[0].at == at("2025-09-29T00:00"));
  CHECK(events[1].payload["colour"] == "red");
  CHECK(events[1].payload["scope"] == "step");
  CHECK(events[1].payload["step"] == "review");
  CHECK(events[1].payload["post"] == "reviewer");
  CHECK(events[1].payload["department"] == "bureau");
  CHECK(events[1].at == at("2025-09-30T00:00"));
  // The case (due Oct 25) is in time: no card on it, its timers still pending.
  CHECK(std::none_of(s.cards.begin(), s.cards.end(), [](const Card& c) { return c.step.empty(); }));
  CHECK(timer_names(*cp, s) == std::vector<std::string>{"case:yellow@2025-10-24T00:00:00+08:00",
                                                         "case:red@2025-10-25T00:00:00+08:00"});
}

TEST_CASE("a card is never raised twice for the same deadline") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, act(*cp, s, "ann", "accept", "2025-09-25T10:00"));
  commit(s, fire(*cp, s, "step:review:yellow", at("2025-09-29T00:00"), {}));
  auto again = error_of(fire(*cp, s, "step:review:yellow", at("2025-09-29T00:00"), {}));
  CHECK(again.kind == CaseError::conflict);
  CHECK(again.message == "timer 'step:review:yellow' due 2025-09-29T00:00:00+08:00 is no longer pending on case 2025-000001");
  // Once red, a late yellow is not raised either.
  commit(s, fire(*cp, s, "step:review:red", at("2025-09-30T00:00"), {}));
  CHECK(timer_names(*cp, s) == std::vector<std::string>{"case:yellow@2025-10-24T00:00:00+08:00",
                                                         "case:red@2025-10-25T00:00:00+08:00"});
  CHECK(error_of(fire(*cp, s, "step:review:red", at("2025-09-30T00:00"), {})).kind == CaseError::conflict);
}

TEST_CASE("a hearing request window elapsing proceeds to the decision") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, act(*cp, s, "ann", "accept", "2025-09-25T10:00"));
  commit(s, act(*cp, s, "bob", "done", "2025-09-30T10:00"));
  // 5 working days after Tue Sept 30: Oct 9, 10, Sat Oct 11 (adjusted working day), 13, 14.
  REQUIRE(token(s, "hearing_window").due == at("2025-10-15T00:00"));
  CHECK(tick(*cp, s, at("2025-10-14T23:59")).empty());
  auto events = tick(*cp, s, at("2025-10-15T08:00"));
  REQUIRE(kinds(events) == std::vector<std::string>{"elapsed", "entered"});
  CHECK(events[0].payload["step"] == "hearing_window");
  CHECK(events[0].payload["label"] == "no hearing requested");
  CHECK(events[1].payload["step"] == "decide");
  CHECK(events[1].at == at("2025-10-15T00:00"));
  CHECK_FALSE(events[1].payload.contains("due"));  // decide has no step limit
  CHECK(s.cards.empty());                           // a window elapsing is no one's fault: no card
}

TEST_CASE("a suspension that spans the National Day holiday does not count the suspended days") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  std::vector<CaseEvent> log;
  commit(s, act(*cp, s, "ann", "accept", "2025-09-23T10:00"));
  auto suspended = commit(s, act(*cp, s, "bob", "expert", "2025-09-26T15:00"));
  CHECK(kinds(suspended) == std::vector<std::string>{"acted", "entered", "clock_suspended"});
  CHECK(suspended[2].payload["reason"] == "expert_review");
  CHECK(s.clock.status == CaseClock::Status::suspended);
  CHECK(s.clock.suspended_since == at("2025-09-26T15:00"));
  // No case timers while suspended.
  CHECK(timer_names(*cp, s).empty());
  auto resumed = commit(s, act(*cp, s, "bob", "done", "2025-10-10T11:00"));
  REQUIRE(kinds(resumed) == std::vector<std::string>{"acted", "clock_resumed", "entered"});
  // Before: due Oct 25 (last day Fri Oct 24). Used: Sept 23, 24, 25, 26 (the day suspension
  // started counts). Left: the working days after Sept 26 up to Oct 24 = Sun Sept 28, Sept 29,
  // 30, Oct 9, 10, Sat Oct 11, Oct 13-17, 20-24 = 16. From Fri Oct 10 (the resume day is not
  // counted): Sat Oct 11 (adjusted), Oct 13-17, 20-24, 27-31 = 16, so the last day is Fri Oct 31.
  CHECK(format_local(resumed[1].payload["due"].get<Instant>()) == "2025-11-01T00:00:00+08:00");
  CHECK(resumed[1].payload["suspended_since"] == at("2025-09-26T15:00"));
  CHECK(s.clock.status == CaseClock::Status::running);
  CHECK(s.clock.due == at("2025-11-01T00:00"));
}

TEST_CASE("a suspension that starts and ends on one day leaves the deadline where it was") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, act(*cp, s, "ann", "accept", "2025-09-23T10:00"));
  commit(s, act(*cp, s, "bob", "expert", "2025-09-24T09:00"));
  auto resumed = commit(s, act(*cp, s, "bob", "done", "2025-09-24T17:00"));
  CHECK(resumed[1].payload["due"].get<Instant>() == at("2025-10-25T00:00"));
}

TEST_CASE("the supplement restarts the case clock from the day it arrives, across the Spring Festival") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2026-02-10T09:00");
  commit(s, act(*cp, s, "ann", "request_supplement", "2026-02-11T10:00"));
  // 10 working days after Wed Feb 11, 2026: Feb 12, 13, Sat Feb 14 (adjusted), (Feb 15-23 Spring
  // Festival), Feb 24, 25, 26, 27, Sat Feb 28 (adjusted), Mar 2, Mar 3.
  REQUIRE(token(s, "supplement").due == at("2026-03-04T00:00"));
  auto events = commit(s, act(*cp, s, "ann", "supply", "2026-02-27T10:00"));
  REQUIRE(kinds(events) == std::vector<std::string>{"acted", "clock_restarted", "entered"});
  // 20 working days after Fri Feb 27: Sat Feb 28 (adjusted), Mar 2-6, 9-13, 16-20, 23-26.
  CHECK(events[1].payload["due"].get<Instant>() == at("2026-03-27T00:00"));
  CHECK(s.clock.due == at("2026-03-27T00:00"));
}

TEST_CASE("no supplement in time: the request is deemed abandoned, by timer") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2026-02-10T09:00");
  commit(s, act(*cp, s, "ann", "request_supplement", "2026-02-11T10:00"));
  auto events = tick(*cp, s, at("2026-03-05T09:00"));
  REQUIRE(kinds(events) == std::vector<std::string>{"elapsed", "closed"});
  CHECK(events[0].at == at("2026-03-04T00:00"));
  CHECK(s.closed);
  CHECK(s.outcome == "abandoned");
  CHECK(s.clock.status == CaseClock::Status::stopped);  // closing stops the clock: no clock_restarted
  CHECK(pending_timers(*cp, s, {}).empty());
}

TEST_CASE("an extension: only by the approving post, with a reason, within the statute, recorded") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  auto wrong = error_of(act(*cp, s, "bob", "extend", "2025-10-20T09:00", "complex case"));
  CHECK(wrong.kind == CaseError::wrong_post);
  CHECK(wrong.refusal());
  CHECK(wrong.message == "official 'bob' does not hold post 'head', which approves extensions of the case limit (License Law art. 42)");
  auto no_reason = error_of(act(*cp, s, "dee", "extend", "2025-10-20T09:00"));
  CHECK(no_reason.kind == CaseError::bad_value);
  CHECK(no_reason.message == "an extension needs a reason (--note TEXT); it is recorded and shown to the party");
  auto too_much = error_of(act(*cp, s, "dee", "extend", "2025-10-20T09:00", "complex case", 15));
  CHECK(too_much.kind == CaseError::bad_value);
  CHECK(too_much.message == "an extension of 15 workdays is more than the law allows: at most 10 workdays in all (License Law art. 42), 10 workdays left");
  auto events = commit(s, act(*cp, s, "dee", "extend", "2025-10-20T09:00", "site inspection needed", 4));
  REQUIRE(kinds(events) == std::vector<std::string>{"extended"});
  CHECK(events[0].post == "head");
  // 4 working days after the last day, Fri Oct 24: Oct 27, 28, 29, 30.
  CHECK(events[0].payload["due"].get<Instant>() == at("2025-10-31T00:00"));
  CHECK(events[0].payload["reason"] == "site inspection needed");
  // The rest (6) by default, counted on from Thu Oct 30: Oct 31, Nov 3, 4, 5, 6, 7.
  auto rest = commit(s, act(*cp, s, "cy", "extend", "2025-10-21T09:00", "expert opinion late"));
  CHECK(rest[0].payload["amount"] == 6);
  CHECK(rest[0].payload["due"].get<Instant>() == at("2025-11-08T00:00"));
  auto more = error_of(act(*cp, s, "dee", "extend", "2025-10-22T09:00", "again"));
  CHECK(more.message == "the case limit was already extended by all the law allows: at most 10 workdays in all (License Law art. 42)");
  REQUIRE(s.clock.extensions.size() == 2);
  CHECK(s.clock.extended == 10);
  CHECK(s.clock.extensions[0].by == "dee");
}

TEST_CASE("a definition without an extension refuses one plainly, not as a supervision refusal") {
  auto cp = compiled("shop.yaml");
  CaseState s;
  s.id = "2026-000001";
  commit(s, open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2026-03-02T09:00")));
  auto e = error_of(act(*cp, s, "dee", "extend", "2026-03-03T09:00", "why not"));
  CHECK(e.kind == CaseError::bad_value);
  CHECK_FALSE(e.refusal());
  CHECK(e.message == "this power has no case limit, so there is nothing to extend");
}

TEST_CASE("a new deadline after an extension can be warned again; the old cards become history") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, fire(*cp, s, "case:yellow", at("2025-10-24T00:00"), {}));
  REQUIRE(s.cards.size() == 1);
  CHECK(s.cards[0].step.empty());
  CHECK(s.cards[0].due == at("2025-10-25T00:00"));
  commit(s, act(*cp, s, "dee", "extend", "2025-10-24T09:00", "site inspection", 1));
  // Now due Tue Oct 28 (one more working day, Mon Oct 27): yellow again at 00:00 Oct 27.
  CHECK(timer_names(*cp, s) == std::vector<std::string>{"step:accept:elapse@2025-09-29T00:00:00+08:00",
                                                         "case:yellow@2025-10-27T00:00:00+08:00",
                                                         "case:red@2025-10-28T00:00:00+08:00"});
}

TEST_CASE("catch-up fires missed timers in due order, each at its own due instant, and replay agrees") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  std::vector<CaseEvent> log;
  CaseState fresh;
  auto opened = open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2025-09-22T09:00"));
  log = std::get<std::vector<CaseEvent>>(opened);
  for (size_t i = 0; i < log.size(); ++i) log[i].seq = static_cast<std::int64_t>(i) + 1;
  auto events = tick(*cp, s, at("2025-11-30T12:00"));  // down for two months
  std::vector<std::string> seen;
  Instant last = 0;
  for (const auto& e : events) {
    CHECK(e.at >= last);
    last = e.at;
    seen.push_back(e.kind + " " + (e.payload.contains("colour") ? e.payload["colour"].get<std::string>() + " " : "") +
                   format_local(e.at).substr(0, 16));
  }
  CHECK(seen == std::vector<std::string>{
                    "elapsed 2025-09-29T00:00",  // deemed accepted
                    "entered 2025-09-29T00:00",  // review, due Oct 11
                    "warned yellow 2025-10-10T00:00", "warned red 2025-10-11T00:00",
                    "warned yellow 2025-10-24T00:00", "warned red 2025-10-25T00:00",  // the case
                });
  log.insert(log.end(), events.begin(), events.end());
  same_after_replay(s, log);
}

TEST_CASE("snapshots round-trip the clock: suspended, extended, carded") {
  auto cp = compiled();
  CaseState s = open_at(*cp, "2025-09-22T09:00");
  commit(s, act(*cp, s, "dee", "extend", "2025-09-23T09:00", "x", 2));
  commit(s, act(*cp, s, "ann", "accept", "2025-09-23T10:00"));
  commit(s, fire(*cp, s, "step:review:yellow", at("2025-09-26T00:00"), {}));
  commit(s, act(*cp, s, "bob", "expert", "2025-09-26T15:00"));
  auto j = to_json(s);
  CHECK(j["clock"]["status"] == "suspended");
  auto back = state_from_json(j);
  REQUIRE(back);
  CHECK(to_json(*back) == j);
  CHECK(back->clock.extensions.size() == 1);
  CHECK(back->cards.size() == 1);
  CHECK(back->clock.suspended_by == std::vector<std::string>{"expert_review"});
}

TEST_CASE("a case without limits keeps its snapshot free of clock fields") {
  auto cp = compiled("shop.yaml");
  CaseState s;
  commit(s, open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2026-03-02T09:00")));
  auto j = to_json(s);
  CHECK_FALSE(j.contains("clock"));
  CHECK_FALSE(j.contains("cards"));
  CHECK_FALSE(j["open"][0].contains("due"));
}

TEST_CASE("the yellow threshold follows the rules: days, hours, and a hand-made calendar") {
  // A district closes on Fri Mar 6, 2026 (a hand-made local override on top of the national data).
  Calendar local = Calendar::builtin();
  CalendarFile closure;
  closure.source = "district.json";
  closure.local = true;
  closure.days.push_back({*make_day(2026, 3, 6), true, "district closure"});
  local.add(closure);
  TimeRules rules;
  rules.calendar = &local;
  auto cp = compiled();
  CaseState s;
  commit(s, open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2026-03-02T09:00"), rules));
  // accept: 5 working days after Mon Mar 2: Mar 3, 4, 5, (6 closed), 9, 10.
  CHECK(token(s, "accept").due == at("2026-03-11T00:00"));
  rules.yellow_before = Period{2, Unit::days, "", {}};
  auto timers = pending_timers(*cp, s, rules);
  REQUIRE(timers.size() == 3);
  CHECK(timers[1].name == "case:yellow");
  // Case: 20 working days after Mar 2 without Mar 6: last day Tue Mar 31, due Apr 1 00:00; 2 days before.
  CHECK(timers[2].due == at("2026-04-01T00:00"));
  CHECK(timers[1].due == at("2026-03-30T00:00"));
  rules.yellow_before = Period{4, Unit::hours, "", {}};
  CHECK(pending_timers(*cp, s, rules)[1].due == at("2026-03-31T20:00"));
}
