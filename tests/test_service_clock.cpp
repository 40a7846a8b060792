// The statutory clock through the case service on a real SQLite file (docs/clock.md): durable
// timers fired by tick() exactly once (twice in a row, two connections at once), catch-up in due
// order, extensions recorded and refused, cards listed for supervisors, deadlines shown in the
// law's unit, the worklist sorted by urgency, settings, and rebuild. Dates on the real calendar
// (2025 National Day: Oct 1-8 off, Sun Sept 28 and Sat Oct 11 working days, 国办发明电〔2024〕12号).
#include <catch2/catch.hpp>

#include <thread>

#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

Instant at(const char* text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

// A database with the clock fixture deployed, the clock at Mon 2025-09-22 09:00 (Shanghai).
struct Env {
  TempDir dir;
  FixedClock clock{at("2025-09-22T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    store = test::ok(Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/clock.yaml")}, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }

  CaseView ok(Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r);
  }
  CaseError error(Served<CaseView> r) {
    REQUIRE(std::holds_alternative<CaseError>(r));
    return std::get<CaseError>(r);
  }
  CaseView open(const char* when) {
    clock.set(at(when));
    return ok(svc->open("T-2", "Shop Ltd", {}, ""));
  }
  CaseView act(const std::string& id, const char* official, const char* action, const char* when) {
    clock.set(at(when));
    return ok(svc->advance(id, {action, official, "", {}, ""}));
  }
  TickReport tick(const char* when, CaseService* other = nullptr) {
    clock.set(at(when));
    auto r = (other ? other : svc.get())->tick(at(when));
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<TickReport>(r);
  }
  std::vector<Event> events(const std::string& id) { return test::ok(store->events(id)); }
  int count(const std::string& id, const std::string& kind) {
    int n = 0;
    for (const auto& e : events(id)) n += e.kind == kind;
    return n;
  }
};

}  // namespace

TEST_CASE("case show gives each open step and the case its deadline and time left in the law's unit") {
  Env env;
  CaseView v = env.open("2025-09-22T09:00");
  REQUIRE(v.open.size() == 1);
  REQUIRE(v.open[0].deadline);
  CHECK(v.open[0].deadline->due == at("2025-09-29T00:00"));
  // Mon Sept 22 09:00: Sept 23-26 and Sun Sept 28 (adjusted working day) are left, plus today.
  CHECK(v.open[0].deadline->left == 6);
  CHECK(v.open[0].deadline->left_text == "6 working days left");
  CHECK_FALSE(v.open[0].deadline->estimated);
  REQUIRE(v.clock.deadline);
  CHECK(v.clock.running);
  CHECK(v.clock.deadline->due == at("2025-10-25T00:00"));
  CHECK(v.clock.deadline->limit.article == "License Law art. 42");
  CHECK(v.clock.deadline->left_text == "21 working days left");
  env.clock.set(at("2025-10-24T10:00"));
  CaseView late = env.ok(env.svc->show(v.id));
  CHECK(late.clock.deadline->left_text == "1 working day left");
  CHECK(late.history[1].summary == "case clock started, due 2025-10-25T00:00:00+08:00");
  CHECK(late.history[2].summary == "step accept opened, due 2025-09-29T00:00:00+08:00");
}

TEST_CASE("tick run twice fires each due timer once") {
  Env env;
  CaseView v = env.open("2025-09-22T09:00");
  auto first = env.tick("2025-10-09T10:00");
  CHECK(first.fired == 1);  // accept's deemed acceptance (Sept 29 00:00)
  CHECK(first.raced == 0);
  CHECK(first.lines == std::vector<std::string>{"2025-000001 accept: elapsed (due 2025-09-29T00:00:00+08:00)"});
  // review entered at Sept 29 00:00, due 3 working days later (Sept 30, Oct 9, 10): Oct 11 00:00;
  // its yellow card at 00:00 of its last working day, Oct 10.
  REQUIRE(first.next_due);
  CHECK(*first.next_due == at("2025-10-10T00:00"));
  size_t events = env.events(v.id).size();
  auto second = env.tick("2025-10-09T10:00");
  CHECK(second.fired == 0);
  CHECK(second.raced == 0);
  CHECK(env.events(v.id).size() == events);
  CaseView shown = env.ok(env.svc->show(v.id));
  CHECK(shown.open[0].step == "review");
  CHECK(shown.history.back().summary == "step review opened, due 2025-10-11T00:00:00+08:00");
  CHECK(shown.history[shown.history.size() - 2].summary == "accept elapsed -> review (deemed accepted (License Law art. 32))");
  CHECK(shown.history[shown.history.size() - 2].actor == "system");
}

TEST_CASE("catch-up after downtime fires every missed timer in due order, each at its own instant") {
  Env env;
  CaseView v = env.open("2025-09-22T09:00");
  auto r = env.tick("2025-11-30T12:00");
  CHECK(r.fired == 5);
  CHECK_FALSE(r.next_due);  // every card raised: nothing left to fire
  std::vector<std::pair<std::string, Instant>> seen;
  for (const auto& e : env.events(v.id))
    if (e.actor == "system") seen.push_back({e.kind, e.at});
  CHECK(seen == std::vector<std::pair<std::string, Instant>>{
                    {"elapsed", at("2025-09-29T00:00")}, {"entered", at("2025-09-29T00:00")},
                    {"warned", at("2025-10-10T00:00")},  {"warned", at("2025-10-11T00:00")},
                    {"warned", at("2025-10-24T00:00")},  {"warned", at("2025-10-25T00:00")}});
  CaseView shown = env.ok(env.svc->show(v.id));
  REQUIRE(shown.open[0].deadline);
  CHECK(shown.open[0].deadline->warning == "red");
  // review's last day was Fri Oct 10; working days since, to Sun Nov 30: Sat Oct 11 (adjusted),
  // then 7 weeks of 5 (Oct 13 - Nov 28) = 36.
  CHECK(shown.open[0].deadline->left == -36);
  CHECK(shown.open[0].deadline->left_text == "overdue by 36 working days");
  CHECK(shown.clock.deadline->warning == "red");
  REQUIRE(shown.warnings.size() == 4);
  CHECK(shown.warnings[1].colour == "red");
  CHECK(shown.warnings[1].step_name == "Review");
  CHECK(shown.warnings[3].step == "");
  CHECK(shown.warnings[3].post == "reviewer");  // a case card goes to the post holding the case
  // Rebuilding the derived tables gives the same snapshot, timers and cards.
  auto rebuilt = std::get<RebuildReport>(env.svc->rebuild());
  CHECK(rebuilt.differed.empty());
  CHECK(env.tick("2025-11-30T12:00").fired == 0);
  CHECK(std::get<std::vector<WarningView>>(env.svc->warnings({"", "", "red", true})).size() == 2);
}

TEST_CASE("two services on two connections ticking at once fire each timer exactly once") {
  Env env;
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(env.open("2025-09-22T09:00").id);
  auto other_store = test::ok(Store::open(env.dir.file("sunlit.db")));
  FixedClock other_clock{at("2025-10-12T10:00")};
  CaseService other(*other_store, other_clock);
  env.clock.set(at("2025-10-12T10:00"));
  Served<TickReport> a = CaseError{}, b = CaseError{};
  std::thread ta([&] { a = env.svc->tick(at("2025-10-12T10:00")); });
  std::thread tb([&] { b = other.tick(at("2025-10-12T10:00")); });
  ta.join();
  tb.join();
  REQUIRE(std::holds_alternative<TickReport>(a));
  REQUIRE(std::holds_alternative<TickReport>(b));
  // Per case: deemed acceptance (Sept 29), review's yellow (Oct 10) and red (Oct 11).
  CHECK(std::get<TickReport>(a).fired + std::get<TickReport>(b).fired == 36);
  for (const auto& id : ids) {
    CHECK(env.count(id, "elapsed") == 1);
    CHECK(env.count(id, "warned") == 2);
  }
  CHECK(env.tick("2025-10-12T10:00").fired == 0);
}

TEST_CASE("an extension by the approving post is recorded and shown; wrong post, no reason, too much are refused") {
  Env env;
  CaseView v = env.open("2025-09-22T09:00");
  env.clock.set(at("2025-10-20T09:00"));
  size_t before = env.events(v.id).size();
  auto wrong = env.error(env.svc->extend(v.id, "bob", std::nullopt, "complex"));
  CHECK(wrong.kind == CaseError::wrong_post);
  CHECK(env.events(v.id).back().kind == "refused");  // recorded for supervision
  CHECK(env.events(v.id).size() == before + 1);
  auto no_reason = env.error(env.svc->extend(v.id, "dee", 4.0, ""));
  CHECK(no_reason.message == "an extension needs a reason (--note TEXT); it is recorded and shown to the party");
  auto too_much = env.error(env.svc->extend(v.id, "dee", 11.0, "complex"));
  CHECK(too_much.message == "an extension of 11 workdays is more than the law allows: at most 10 workdays in all (License Law art. 42), 10 workdays left");
  CHECK(env.events(v.id).size() == before + 1);  // bad input writes nothing
  CaseView x = env.ok(env.svc->extend(v.id, "dee", 4.0, "site inspection needed"));
  REQUIRE(x.clock.deadline);
  CHECK(x.clock.deadline->due == at("2025-10-31T00:00"));  // + Oct 27-30
  CHECK(x.clock.extensions == std::vector<std::string>{
                                  "+4 workdays by dee (head) on 2025-10-20, due 2025-10-31T00:00:00+08:00: site inspection needed"});
  CaseView shown = env.ok(env.svc->show(v.id));
  CHECK(shown.history.back().summary ==
        "case limit extended by 4 workdays, due 2025-10-31T00:00:00+08:00: site inspection needed");
}

TEST_CASE("the worklist shows deadlines and puts the most urgent first") {
  Env env;
  CaseView a = env.open("2025-09-22T09:00");
  CaseView b = env.open("2025-09-23T09:00");
  env.act(a.id, "ann", "accept", "2025-09-24T09:00");   // review due Sept 29 00:00 (Sept 25, 26, Sun 28)
  env.act(b.id, "ann", "accept", "2025-09-23T10:00");   // review due Sept 27 00:00 (Sept 24, 25, 26)
  env.clock.set(at("2025-09-26T09:00"));
  auto list = std::get<std::vector<WorkItem>>(env.svc->list({"bob", "", "", CaseStatus::open}));
  REQUIRE(list.size() == 2);
  CHECK(list[0].case_id == b.id);
  REQUIRE(list[0].deadline);
  CHECK(list[0].deadline->left_text == "1 working day left");
  CHECK(list[1].case_id == a.id);
  CHECK(list[1].deadline->left_text == "2 working days left");  // Fri 26 and Sun 28
}

TEST_CASE("warnings lists the cards for supervisors with power and step name") {
  Env env;
  CaseView v = env.open("2025-09-22T09:00");
  env.act(v.id, "ann", "accept", "2025-09-25T10:00");
  env.tick("2025-10-09T10:00");
  auto cards = std::get<std::vector<WarningView>>(env.svc->warnings({"bureau", "", "", true}));
  REQUIRE(cards.size() == 2);
  CHECK(cards[1].colour == "red");
  CHECK(cards[1].power == "T-2");
  CHECK(cards[1].step == "review");
  CHECK(cards[1].step_name == "Review");
  CHECK(cards[1].due == at("2025-09-30T00:00"));
  CHECK(cards[1].raised_at == at("2025-09-30T00:00"));
  CHECK(cards[1].active);
  env.act(v.id, "bob", "done", "2025-10-09T11:00");  // review ends: its cards become history
  CHECK(std::get<std::vector<WarningView>>(env.svc->warnings({"bureau", "", "", true})).empty());
  CHECK(std::get<std::vector<WarningView>>(env.svc->warnings({"bureau", "", "", false})).size() == 2);
}

TEST_CASE("the yellow threshold is a setting, per deployment or per power") {
  Env env;
  test::ok(env.store->set_setting({"yellow_before", "", "2 workdays", 0, "admin"}));
  test::ok(env.store->set_setting({"yellow_before", "T-2", "3 days", 0, "admin"}));
  CaseService svc(*env.store, env.clock);
  auto rules = std::get<TimeRules>(svc.rules("T-2"));
  CHECK(rules.yellow_before.amount == 3);
  CHECK(rules.yellow_before.unit == Unit::days);
  CHECK(std::get<TimeRules>(svc.rules("T-1")).yellow_before.unit == Unit::workdays);
  test::ok(env.store->set_setting({"yellow_before", "T-3", "soon", 0, "admin"}));
  CaseService fresh(*env.store, env.clock);
  auto bad = std::get<CaseError>(fresh.rules("T-3"));
  CHECK(bad.message ==
        "setting yellow_before for T-3 is 'soon'; it must be an amount and a unit, e.g. '1 workdays', '2 days' or '4 hours'");
}

TEST_CASE("time left reads in the law's unit") {
  const Calendar& cal = Calendar::builtin();
  Period hours{24, Unit::hours, "", {}};
  CHECK(deadline_view(cal, at("2025-09-22T15:00"), hours, at("2025-09-22T10:00"), false, "").left_text == "5 hours left");
  CHECK(deadline_view(cal, at("2025-09-22T15:00"), hours, at("2025-09-22T16:30"), false, "").left_text == "overdue by 2 hours");
  Period days{60, Unit::days, "", {}};
  CHECK(deadline_view(cal, at("2025-09-24T00:00"), days, at("2025-09-22T10:00"), false, "").left_text == "2 days left");
  CHECK(deadline_view(cal, at("2025-09-24T00:00"), days, at("2025-09-24T10:00"), false, "").left_text == "overdue by 1 day");
  Period workdays{5, Unit::workdays, "", {}};
  // Due at 24:00 of Tue Sept 30; on Sat Oct 4 (holiday) no working day has passed since: "overdue".
  CHECK(deadline_view(cal, at("2025-10-01T00:00"), workdays, at("2025-10-04T10:00"), false, "").left_text == "overdue");
  CHECK(deadline_view(cal, at("2027-03-01T00:00"), workdays, at("2027-02-20T10:00"), false, "").estimated);
}

TEST_CASE("calendar files imported into the database move the deadlines of new steps") {
  Env env;
  CalendarFileRecord closure;
  closure.source = "district.json";
  closure.local = true;
  closure.content = R"({"local": true, "days": [{"name": "district closure", "date": "2025-09-26", "isOffDay": true}]})";
  closure.imported_by = "admin";
  test::ok(env.store->import_calendar(closure));
  CaseService svc(*env.store, env.clock);
  env.clock.set(at("2025-09-22T09:00"));
  auto v = std::get<CaseView>(svc.open("T-2", "Shop Ltd", {}, ""));
  // 5 working days after Mon Sept 22 without Fri Sept 26: Sept 23, 24, 25, Sun 28 (adjusted), 29.
  REQUIRE(v.open[0].deadline);
  CHECK(v.open[0].deadline->due == at("2025-09-30T00:00"));
}
