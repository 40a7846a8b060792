// The party's rights and remedies (issue 5 item 4, docs/clock.md "Rights and remedies"): rights
// notified when the step granting them is done, with their windows on the real calendar; a
// right's use inside and outside its window; a right whose window is a wait step used by that
// step's action and lapsing with it (recorded once); the lapse timer firing once; remedies with
// deadlines counted from delivery (60 days rolled over Labour Day 2026, 6 months rolled over a
// Sunday); the notice text; replay equal to the state. Fixture tests/data/rights/rights.yaml and
// the shipped penalty procedure (processes/penalty-ordinary.yaml).
#include <catch2/catch.hpp>

#include "engine/compiler.h"
#include "engine/replay.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "engine/workspace.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::data_path;
using sunlit::test::TempDir;

namespace {

std::shared_ptr<const CompiledProcess> load(const std::vector<std::string>& paths, const std::string& code) {
  Workspace ws = load_workspace(paths);
  INFO(ws.diags.render());
  REQUIRE(ws.diags.error_count() == 0);
  REQUIRE(ws.organisations.size() == 1);
  for (const auto& p : ws.processes)
    if (p.power.code == code) return compile(p, ws.organisations.front());
  FAIL("no " + code);
  return nullptr;
}

std::shared_ptr<const CompiledProcess> fixture() {
  return load({data_path("cases/town.org.yaml"), data_path("rights/rights.yaml")}, "T-R");
}

Instant at(const char* text) { return *parse_instant(text); }

// Applies a decision's events to the state and the log (numbered as the store would).
void commit(CaseState& s, std::vector<CaseEvent>& log, const Decision& d) {
  if (auto* e = std::get_if<CaseError>(&d)) FAIL(e->message);
  for (auto e : std::get<std::vector<CaseEvent>>(d)) {
    e.seq = s.last_seq + 1;
    std::string why;
    REQUIRE(apply(s, e, &why));
    log.push_back(e);
  }
}

CaseError error(const Decision& d) {
  REQUIRE(std::holds_alternative<CaseError>(d));
  return std::get<CaseError>(d);
}

const RightState& right(const CaseState& s, const std::string& kind) {
  for (const auto& r : s.rights)
    if (r.kind == kind) return r;
  FAIL("no right " + kind);
  return s.rights.front();
}

std::vector<std::string> timer_names(const CompiledProcess& cp, const CaseState& s) {
  std::vector<std::string> out;
  for (const auto& t : pending_timers(cp, s, {})) out.push_back(t.name);
  return out;
}

// The fixture case opened Mon 2026-03-02, accepted, reviewed Tue 2026-03-03 10:00.
struct Reviewed {
  std::shared_ptr<const CompiledProcess> cp = fixture();
  CaseState s;
  std::vector<CaseEvent> log;
  Reviewed() {
    s.id = "2026-000001";
    commit(s, log, open_case(*cp, 1, 1, "Shop Ltd", {}, "party", at("2026-03-02T09:00")));
    commit(s, log, advance(*cp, s, {"accept", "ann", "", {{"area", "40"}}, ""}, at("2026-03-02T10:00")));
    commit(s, log, advance(*cp, s, {"done", "bob", "", {}, ""}, at("2026-03-03T10:00")));
  }
};

}  // namespace

TEST_CASE("rights are notified when the step granting them is done, with their windows' deadlines") {
  Reviewed c;
  REQUIRE(c.s.rights.size() == 3);
  CHECK(c.s.rights[0].kind == "information");
  CHECK(c.s.rights[0].step == "accept");
  CHECK(c.s.rights[0].notified_at == at("2026-03-02T10:00"));
  CHECK_FALSE(c.s.rights[0].due);
  // 3 working days after Tue Mar 3: Mar 4, 5, 6 -> 24:00 Fri Mar 6.
  const RightState& sd = right(c.s, "statement_and_defence");
  CHECK(sd.due == at("2026-03-07T00:00"));
  CHECK(sd.window->article == "art. 36");
  CHECK(sd.status == "open");
  // 5 working days: Mar 4, 5, 6, 9, 10 -> 24:00 Tue Mar 10, the same as the hearing window's.
  CHECK(right(c.s, "hearing").due == at("2026-03-11T00:00"));
  REQUIRE(c.s.open.size() == 1);
  CHECK(c.s.open[0].due == at("2026-03-11T00:00"));
  // The acted event carries them; the hearing right's window is the wait step, so no timer of its own.
  const CaseEvent& done = c.log[c.log.size() - 2];
  REQUIRE(done.kind == "acted");
  CHECK(done.payload["rights"].size() == 2);
  CHECK(done.payload["rights"][0]["due"] == at("2026-03-07T00:00"));
  CHECK(timer_names(*c.cp, c.s) ==
        std::vector<std::string>{"step:hearing_window:elapse", "right:statement_and_defence:lapse"});
}

TEST_CASE("a right used inside its window, refused after it and when never notified") {
  Reviewed c;
  auto used = use_right(*c.cp, c.s, {"statement_and_defence", "ann", "the shop is 40 m2, not 60"}, at("2026-03-05T11:00"));
  commit(c.s, c.log, used);
  REQUIRE(c.log.back().kind == "right_used");
  CHECK(c.log.back().actor == "ann");
  CHECK(c.log.back().payload == nlohmann::json{{"kind", "statement_and_defence"}, {"step", "review"},
                                               {"article", "art. 36"}, {"note", "the shop is 40 m2, not 60"}});
  const RightState& sd = right(c.s, "statement_and_defence");
  CHECK(sd.status == "used");
  CHECK(sd.used_by == "ann");
  CHECK(sd.ended_at == at("2026-03-05T11:00"));
  CHECK(timer_names(*c.cp, c.s) == std::vector<std::string>{"step:hearing_window:elapse"});  // no lapse timer left

  auto again = error(use_right(*c.cp, c.s, {"statement_and_defence", "ann", ""}, at("2026-03-05T12:00")));
  CHECK(again.refused);
  CHECK(again.refusal());
  CHECK(again.message ==
        "the right 'statement_and_defence' was already used on 2026-03-05T11:00:00+08:00 (recorded by ann)");

  Reviewed late;
  auto too_late = error(use_right(*late.cp, late.s, {"statement_and_defence", "ann", ""}, at("2026-03-07T00:00")));
  CHECK(too_late.refused);
  CHECK(too_late.message == "the window of the right 'statement_and_defence' ended at 2026-03-07T00:00:00+08:00 "
                            "(3 workdays, art. 36); it can no longer be used");
  // One second before 24:00 of the last day is still inside.
  CHECK(std::holds_alternative<std::vector<CaseEvent>>(
      use_right(*late.cp, late.s, {"statement_and_defence", "ann", ""}, at("2026-03-06T23:59:59"))));

  CaseState fresh;
  std::vector<CaseEvent> log;
  fresh.id = "2026-000002";
  commit(fresh, log, open_case(*c.cp, 1, 1, "Shop Ltd", {}, "party", at("2026-03-02T09:00")));
  auto never = error(use_right(*c.cp, fresh, {"hearing", "ann", ""}, at("2026-03-02T10:00")));
  CHECK(never.refused);
  CHECK(never.message == "the right 'hearing' has not been notified on case 2026-000002; notified rights: none");
  auto unknown = error(use_right(*c.cp, fresh, {"hearings", "ann", ""}, at("2026-03-02T10:00")));
  CHECK_FALSE(unknown.refused);
  CHECK(unknown.kind == CaseError::bad_value);
  CHECK(unknown.message == "power T-R grants no right 'hearings'; did you mean 'hearing'?; its rights: information, "
                           "statement_and_defence, hearing");
  CHECK(error(use_right(*c.cp, fresh, {"hearing", "zed", ""}, at("2026-03-02T10:00"))).kind == CaseError::unknown_official);
}

TEST_CASE("the lapse timer fires a right_lapsed event exactly once, at the window's end") {
  Reviewed c;
  auto fired = fire(*c.cp, c.s, "right:statement_and_defence:lapse", at("2026-03-07T00:00"));
  commit(c.s, c.log, fired);
  REQUIRE(std::get<std::vector<CaseEvent>>(fired).size() == 1);
  const CaseEvent& e = c.log.back();
  CHECK(e.kind == "right_lapsed");
  CHECK(e.actor == "system");
  CHECK(e.at == at("2026-03-07T00:00"));
  CHECK(e.payload == nlohmann::json{{"kind", "statement_and_defence"}, {"step", "review"}, {"due", at("2026-03-07T00:00")},
                                    {"article", "art. 36"}});
  CHECK(right(c.s, "statement_and_defence").status == "lapsed");
  CHECK(error(fire(*c.cp, c.s, "right:statement_and_defence:lapse", at("2026-03-07T00:00"))).kind == CaseError::conflict);
  CHECK(timer_names(*c.cp, c.s) == std::vector<std::string>{"step:hearing_window:elapse"});
}

TEST_CASE("a right whose window is a wait step: the step's action is its use, the step's elapse its lapse") {
  Reviewed c;
  // `case right --use hearing` takes the wait step's one action; recorded once, on the acted event.
  auto used = use_right(*c.cp, c.s, {"hearing", "ann", "please hold a hearing"}, at("2026-03-06T09:00"));
  commit(c.s, c.log, used);
  auto events = std::get<std::vector<CaseEvent>>(used);
  REQUIRE(events.front().kind == "acted");
  CHECK(events.front().payload["action"] == "request_hearing");
  CHECK(events.front().payload["right"] == "hearing");
  CHECK(std::none_of(events.begin(), events.end(), [](const CaseEvent& e) { return e.kind == "right_used"; }));
  CHECK(right(c.s, "hearing").status == "used");
  CHECK(c.s.open.at(0).step == "decide");

  // Taking the action with `case advance` counts the same.
  Reviewed b;
  commit(b.s, b.log, advance(*b.cp, b.s, {"request_hearing", "ida", "", {}, ""}, at("2026-03-06T09:00")));
  CHECK(right(b.s, "hearing").status == "used");
  CHECK(right(b.s, "hearing").used_by == "ida");

  // The window elapsing is the right lapsing: one `elapsed` event says both.
  Reviewed l;
  commit(l.s, l.log, fire(*l.cp, l.s, "step:hearing_window:elapse", at("2026-03-11T00:00")));
  CHECK(right(l.s, "hearing").status == "lapsed");
  auto elapsed = std::find_if(l.log.begin(), l.log.end(), [](const CaseEvent& e) { return e.kind == "elapsed"; });
  REQUIRE(elapsed != l.log.end());
  CHECK(elapsed->payload["right"] == "hearing");
  CHECK(std::none_of(l.log.begin(), l.log.end(), [](const CaseEvent& e) { return e.kind == "right_lapsed"; }));
}

TEST_CASE("the decision states its remedies with deadlines counted from delivery; the notice states them") {
  Reviewed c;
  commit(c.s, c.log, use_right(*c.cp, c.s, {"statement_and_defence", "ann", "the shop is 40 m2"}, at("2026-03-05T11:00")));
  commit(c.s, c.log, use_right(*c.cp, c.s, {"hearing", "ann", ""}, at("2026-03-06T09:00")));
  commit(c.s, c.log, advance(*c.cp, c.s, {"refuse", "dee", "", {}, ""}, at("2026-03-06T15:00")));
  REQUIRE(c.s.closed);
  REQUIRE(c.s.remedies.size() == 3);
  // 60 days after Fri Mar 6 is Tue May 5, a Labour Day holiday (May 1-5 off): the period ends
  // on Wed May 6 at 24:00.
  CHECK(c.s.remedies[0].channel == "reconsideration");
  CHECK(c.s.remedies[0].from == at("2026-03-06T15:00"));
  CHECK(c.s.remedies[0].due == at("2026-05-07T00:00"));
  // 6 months after Mar 6 is Sun Sept 6: the period ends on Mon Sept 7 at 24:00.
  CHECK(c.s.remedies[1].kind == "litigation");
  CHECK(c.s.remedies[1].due == at("2026-09-08T00:00"));
  CHECK(c.s.remedies[1].period->unit == Unit::months);
  CHECK_FALSE(c.s.remedies[2].due);  // the hotline has no deadline
  CHECK(c.log.back().kind == "closed");
  CHECK(c.log.back().payload["remedies"][0] ==
        nlohmann::json{{"channel", "reconsideration"}, {"kind", "reconsideration"}, {"body", "Town Government"},
                       {"contact", "review office"}, {"article", "Reconsideration Law art. 20"},
                       {"from", at("2026-03-06T15:00")}, {"due", at("2026-05-07T00:00")},
                       {"period", {{"amount", 60.0}, {"unit", "days"}, {"article", "Reconsideration Law art. 20"}}}});

  CHECK(notice_text(*c.cp, c.s) ==
        "行政决定告知书 Notice of decision\n"
        "案件 Case: 2026-000001\n"
        "事项 Power: Market licence (T-R)\n"
        "决定机关 Decided by: Town Bureau\n"
        "当事人 Party: Shop Ltd\n"
        "决定 Decision: Refused (refused), 2026-03-06\n"
        "送达 Delivered: 2026-03-06\n"
        "已告知的权利 Rights notified:\n"
        "  - 知情 information（art. 30）\n"
        "  - 陈述、申辩 statement and defence（art. 36）：告知后 3 个工作日 内，至 2026-03-06 止 within 3 working days, "
        "until 2026-03-06；已于 2026-03-05 行使 used on 2026-03-05\n"
        "  - 要求听证 hearing（art. 47）：告知后 5 个工作日 内，至 2026-03-10 止 within 5 working days, until "
        "2026-03-10；已于 2026-03-06 行使 used on 2026-03-06\n"
        "救济途径 Remedies:\n"
        "  - 如不服本决定，可以自收到本决定之日起60日内（Reconsideration Law art. 20，至 2026-05-06 止）向Town "
        "Government申请行政复议（review office）。\n"
        "    If you disagree with this decision you may apply for administrative reconsideration to Town Government by "
        "2026-05-06 (60 days of delivery, Reconsideration Law art. 20); contact: review office.\n"
        "  - 如不服本决定，可以自收到本决定之日起6个月内（Litigation Law art. 46，至 2026-09-07 止）向District "
        "Court提起行政诉讼（filing desk）。\n"
        "    If you disagree with this decision you may bring an administrative lawsuit to District Court by 2026-09-07 "
        "(6 months of delivery, Litigation Law art. 46); contact: filing desk.\n"
        "  - 如不服本决定，可以向12345 hotline投诉（12345）。\n"
        "    If you disagree with this decision you may complain to 12345 hotline; contact: 12345.\n");

  // Replay: the same state from the events alone, rights and remedies in the timeline.
  Replay r = replay(*c.cp, c.log, Calendar::builtin(), std::nullopt, at("2026-03-07T00:00"));
  REQUIRE_FALSE(r.error);
  CHECK(to_json(r.state) == to_json(c.s));
  REQUIRE(r.steps.size() >= 2);
  CHECK(r.steps[0].rights == std::vector<std::string>{"information (art. 30)"});
  CHECK(r.steps[1].rights ==
        std::vector<std::string>{"statement_and_defence (art. 36), window until 2026-03-07T00:00:00+08:00",
                                 "hearing (art. 47), window until 2026-03-11T00:00:00+08:00"});
  std::vector<std::string> texts;
  for (const auto& e : r.entries) texts.push_back(e.text);
  CHECK(texts == std::vector<std::string>{
                     "right statement_and_defence used, recorded by ann: the shop is 40 m2",
                     "right hearing used: request_hearing at step hearing_window by ann",
                     "closed: Refused; remedies: reconsideration (Town Government, until 2026-05-07T00:00:00+08:00), "
                     "litigation (District Court, until 2026-09-08T00:00:00+08:00), hotline (12345 hotline)"});
  // The snapshot round-trips.
  auto back = state_from_json(to_json(c.s));
  REQUIRE(back);
  CHECK(to_json(*back) == to_json(c.s));
}

TEST_CASE("shipped penalty: remedies count from the delivery, not from the payment that closes the case") {
  auto cp = load({std::string(SUNLIT_SOURCE_DIR) + "/processes"}, "XC-CG-CF-001");
  CaseState s;
  std::vector<CaseEvent> log;
  s.id = "2026-000009";
  commit(s, log, open_case(*cp, 1, 1, "张三", {{"party_kind", "person"}}, "guo_tao", at("2026-03-02T09:00")));
  commit(s, log, advance(*cp, s, {"file", "guo_tao", "", {{"filed_on", "2026-03-02"}}, ""}, at("2026-03-02T10:00")));
  commit(s, log, advance(*cp, s, {"complete", "zhou_qiang", "", {{"evidence", "照片"}}, ""}, at("2026-03-03T10:00")));
  commit(s, log, advance(*cp, s, {"complete", "wu_gang", "", {}, ""}, at("2026-03-03T10:05")));
  CHECK(right(s, "information").step == "investigate");
  commit(s, log, advance(*cp, s, {"propose_penalty", "ma_jun", "",
                                  {{"penalty_kind", "fine"}, {"fine", "500"}, {"serious", "false"},
                                   {"legal_review_required", "false"}}, ""}, at("2026-03-04T10:00")));
  commit(s, log, advance(*cp, s, {"complete", "zheng_hao", "", {}, ""}, at("2026-03-05T10:00")));
  // A small fine: no hearing window; the hearing right still runs its own 5 working days.
  CHECK(right(s, "hearing").due == at("2026-03-13T00:00"));
  CHECK(s.open.at(0).step == "hear_statement");
  auto names = timer_names(*cp, s);
  CHECK(std::find(names.begin(), names.end(), "right:hearing:lapse") != names.end());
  commit(s, log, use_right(*cp, s, {"statement_and_defence", "zheng_hao", "已陈述"}, at("2026-03-06T10:00")));
  commit(s, log, advance(*cp, s, {"complete", "zheng_hao", "", {{"statement", "已复核"}}, ""}, at("2026-03-09T10:00")));
  commit(s, log, advance(*cp, s, {"penalise", "guo_tao", "", {{"decision_no", "西城罚〔2026〕1号"}}, ""},
                         at("2026-03-10T10:00")));
  commit(s, log, advance(*cp, s, {"complete", "zheng_hao", "", {}, ""}, at("2026-03-10T16:00")));  // delivered
  CHECK(s.open.at(0).step == "payment");
  commit(s, log, advance(*cp, s, {"paid", "zheng_hao", "", {}, ""}, at("2026-03-20T09:00")));
  REQUIRE(s.closed);
  REQUIRE(s.remedies.size() == 2);
  CHECK(s.remedies[0].from == at("2026-03-10T16:00"));
  CHECK(s.remedies[0].body == "北京市西城区人民政府（行政复议法第二十四条）");
  // 60 days after Tue Mar 10: Sat May 9, an adjusted working day (Labour Day 2026): ends 24:00 May 9.
  CHECK(s.remedies[0].due == at("2026-05-10T00:00"));
  // 6 months: Thu Sept 10, a working day.
  CHECK(s.remedies[1].due == at("2026-09-11T00:00"));
  Replay r = replay(*cp, log, Calendar::builtin(), std::nullopt, at("2026-03-21T00:00"));
  REQUIRE_FALSE(r.error);
  CHECK(to_json(r.state) == to_json(s));
}

TEST_CASE("the service records a right's use, records a refused use, fires the lapse once, and gives the notice") {
  TempDir dir;
  FixedClock clock{at("2026-03-02T09:00")};
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  CaseService svc(*store, clock);
  Diagnostics d;
  auto deployed = svc.deploy({data_path("cases/town.org.yaml"), data_path("rights/rights.yaml")}, "designer", d);
  INFO(d.render());
  REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(deployed));
  auto ok = [](Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r);
  };
  std::string id = ok(svc.open("T-R", "Shop Ltd", {}, "")).id;
  clock.set(at("2026-03-02T10:00"));
  ok(svc.advance(id, {"accept", "ann", "", {{"area", "40"}}, ""}));
  auto notice_open = svc.notice(id);
  REQUIRE(std::holds_alternative<CaseError>(notice_open));
  CHECK(std::get<CaseError>(notice_open).message ==
        "case " + id + " is still open: a notice states the decision and its remedies once the case is closed");
  clock.set(at("2026-03-03T10:00"));
  CaseView v = ok(svc.advance(id, {"done", "bob", "", {}, ""}));
  REQUIRE(v.rights.size() == 3);
  REQUIRE(v.rights[1].window);
  CHECK(v.rights[1].window->left_text == "4 working days left");  // today, Tue Mar 3, counts

  auto tick = svc.tick(at("2026-03-07T00:00"));
  REQUIRE(std::holds_alternative<TickReport>(tick));
  CHECK(std::get<TickReport>(tick).fired == 1);
  CHECK(std::get<TickReport>(tick).lines ==
        std::vector<std::string>{id + " review: right statement_and_defence lapsed (due 2026-03-07T00:00:00+08:00)"});
  CHECK(std::get<TickReport>(svc.tick(at("2026-03-07T00:00"))).fired == 0);  // once

  clock.set(at("2026-03-09T09:00"));
  auto refused = svc.use_right(id, {"statement_and_defence", "ann", ""});
  REQUIRE(std::holds_alternative<CaseError>(refused));
  CHECK(std::get<CaseError>(refused).refused);
  auto shown = ok(svc.show(id));
  CHECK(shown.history.back().kind == "refused");
  CHECK(shown.history.back().summary ==
        "REFUSED use_right: the window of the right 'statement_and_defence' ended at 2026-03-07T00:00:00+08:00 "
        "(3 workdays, art. 36); it can no longer be used");
  CHECK(shown.rights[1].status == "lapsed");

  ok(svc.use_right(id, {"hearing", "ann", "please"}));
  clock.set(at("2026-03-09T15:00"));
  ok(svc.advance(id, {"grant", "dee", "", {}, ""}));
  auto n = svc.notice(id);
  REQUIRE(std::holds_alternative<DecisionNotice>(n));
  CHECK(std::get<DecisionNotice>(n).view.remedies.size() == 2);
  CHECK(std::get<DecisionNotice>(n).text.find("至 2026-05-08 止") != std::string::npos);  // 60 days: Fri May 8
  auto rebuilt = svc.rebuild();
  REQUIRE(std::holds_alternative<RebuildReport>(rebuilt));
  CHECK(std::get<RebuildReport>(rebuilt).differed.empty());
}
