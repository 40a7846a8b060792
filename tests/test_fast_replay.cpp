// Whole-database replay (issue 5 item 9, `audit replay --all`): FastApplier applies events
// straight from their stored JSON text and must decide exactly what apply() decides on the
// decoded event, every kind, every payload shape, every refusal message; the service replays
// every case over several connections and names a case whose stored snapshot was changed.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "engine/fast_replay.h"
#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::data_path;
using sunlit::test::TempDir;
using json = nlohmann::json;

namespace {

CaseEvent ev(const char* kind, json payload, const char* actor = "system", const char* post = "") {
  return CaseEvent{0, 1'772'000'000, actor, post, kind, std::move(payload)};
}

// A log touching every event kind and payload shape apply() reads, including ones that fail.
std::vector<CaseEvent> every_kind() {
  json rights = json::array({{{"kind", "statement"}, {"step", "review"}, {"article", "art. 32"}, {"due", 1'772'600'000},
                              {"window", {{"amount", 3}, {"unit", "workdays"}, {"article", "art. 32"}}},
                              {"estimated", true}},
                             {{"kind", "hearing"}, {"step", "review"}, {"article", "art. 63"}}, 7});
  json remedies = json::array({{{"channel", "reconsideration"}, {"kind", "reconsideration"}, {"body", "区政府"},
                                {"contact", "010-1"}, {"article", "复议法第二十条"}, {"from", 1'772'000'000},
                                {"due", 1'777'000'000}, {"period", {{"amount", 60}, {"unit", "days"}, {"article", "x"}}}},
                               {{"channel", "litigation"}, {"kind", "litigation"}, {"period", {{"unit", "nonsense"}}}}});
  return {
      ev("opened", {{"power", "T-R"}, {"party", "张三 \"Shop\" Ltd"}, {"definition_id", 3}, {"definition_version", 2},
                    {"data", {{"area", 40}, {"fee", "3000.00"}, {"neg", -5}, {"ratio", 0.25}, {"big", 1e300},
                              {"ok", true}, {"list", {"a", "b\n\\c"}}, {"none", nullptr}}}}),
      ev("entered", {{"step", "review"}, {"due", 1'772'500'000}, {"estimated", true}}),
      ev("entered", {{"step", "review"}}),  // fails: already open
      ev("entered", {{"due", 5}}),          // fails: no step
      ev("clock_started", {{"due", 1'773'000'000}}),
      ev("clock_started", {{"due", 1'773'000'000}}),  // fails: twice
      ev("clock_suspended", {{"step", "review"}, {"reason", "补正"}}),
      ev("clock_resumed", {{"due", 1'773'100'000}, {"estimated", false}}),
      ev("extended", {{"due", 1'774'000'000}, {"amount", 10}, {"unit", "workdays"}, {"reason", "复杂"}}, "dee", "head"),
      ev("extended", {{"amount", 1.5}}),  // fails: no due
      ev("warned", {{"colour", "yellow"}, {"due", 1'772'500'000}, {"step", "review"}, {"post", "reviewer"},
                    {"department", "科"}}),
      ev("warned", {{"colour", "red"}, {"due", 1'774'000'000}, {"scope", "case"}, {"step", "x"}}),
      ev("warned", {{"colour", "blue"}, {"due", 1}}),  // fails: colour
      ev("signed", {{"step", "review"}, {"data", {{"opinion", "同意"}, {"n", 18446744073709551615ULL}}}}, "bob"),
      ev("signed", {{"step", "nowhere"}}, "bob"),  // fails: not open
      ev("acted", {{"step", "review"}, {"action", "done"}, {"data", {{"area", 41.5}}}, {"rights", rights},
                   {"to", "decide"}}, "cy", "reviewer"),
      ev("right_used", {{"kind", "statement"}, {"note", "我有话说"}}, "ann", "intake"),
      ev("right_used", {{"kind", "statement"}}),  // fails: no longer open
      ev("right_lapsed", {{"note", "x"}}),        // fails: no kind
      ev("right_lapsed", {{"kind", "hearing"}}),
      ev("split", {{"step", "joint"}, {"to", {"a", "b"}}}),
      ev("entered", {{"step", "a"}, {"due", 1'772'700'000}}),
      ev("entered", {{"step", "hear"}, {"due", 1'772'700'000}}),
      ev("arrived", {{"from", "b"}, {"join", "j"}}),
      ev("arrived", json::object()),
      ev("joined", {{"join", "j"}, {"to", "next"}}),
      ev("elapsed", {{"step", "hear"}, {"right", "statement"}}),  // fails: the right is not open
      ev("elapsed", {{"step", "a"}}),
      ev("chose", {{"branch", 0}, {"step", "x"}, {"to", "y"}}),
      ev("refused", {{"message", "wrong post"}}, "eve", "intake"),
      ev("mystery", json::object()),  // fails: unknown kind
      ev("clock_stopped", json::object()),
      ev("closed", {{"outcome", "granted"}, {"remedies", remedies}}),
      ev("acted", {{"step", "decide"}}),  // fails: after the case closed
      ev("refused", json::object()),
  };
}

}  // namespace

TEST_CASE("FastApplier decides exactly what apply() decides, event by event, failures included") {
  CaseState slow, fast;
  FastApplier applier;
  int failures = 0;
  for (const auto& e : every_kind()) {
    std::string text = e.payload.dump();
    EventView view{"2026-000001", 0, e.at, e.actor, e.post, e.kind, text};
    CaseState slow_next = slow, fast_next = fast;
    std::string slow_why, fast_why;
    bool slow_ok = apply(slow_next, e, &slow_why);
    bool fast_ok = applier.apply(fast_next, view, &fast_why);
    INFO(e.kind << " " << text);
    REQUIRE(slow_ok == fast_ok);
    CHECK(slow_why == fast_why);
    if (!slow_ok) {
      ++failures;
      continue;
    }
    slow = slow_next;
    fast = fast_next;
    REQUIRE(to_json(fast).dump() == to_json(slow).dump());
    CHECK(fast.last_seq == slow.last_seq);
  }
  CHECK(failures == 11);
  CHECK(slow.closed);
  CHECK(slow.remedies.size() == 2);
  CHECK(slow.cards.size() == 2);
}

TEST_CASE("FastApplier refuses a payload that is not JSON and a sequence gap, as apply() does") {
  FastApplier applier;
  CaseState s;
  std::string why;
  CHECK_FALSE(applier.apply(s, EventView{"c", 1, 0, "system", "", "opened", "{\"power\": "}, &why));
  CHECK(why == "the payload is not valid JSON");
  CHECK(applier.apply(s, EventView{"c", 1, 0, "system", "", "opened", "{}"}, &why));
  CHECK_FALSE(applier.apply(s, EventView{"c", 3, 0, "system", "", "refused", "{}"}, &why));
  CHECK(why == "event 3 follows event 1");
}

TEST_CASE("replay --all rebuilds every case on several connections and names a changed snapshot") {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
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
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    std::string id = ok(svc.open("T-R", "Shop " + std::to_string(i), {}, "")).id;
    ids.push_back(id);
    if (i >= 1) ok(svc.advance(id, {"accept", "ann", "", {{"area", std::to_string(40 + i)}}, ""}));
    if (i >= 2) ok(svc.advance(id, {"done", "bob", "", {}, ""}));
    if (i >= 3) ok(svc.use_right(id, {"hearing", "ann", "please"}));
    if (i >= 4) ok(svc.advance(id, {"grant", "dee", "", {}, ""}));
  }
  REQUIRE(std::holds_alternative<CaseError>(svc.advance(ids[0], {"done", "ann", "", {}, ""})));  // a refusal
  std::int64_t events = 0;
  for (const auto& id : ids) events += static_cast<std::int64_t>(store->events(id)->size());

  for (int threads : {1, 2, 3, 8}) {
    auto r = svc.replay_all(threads, true);
    REQUIRE(std::holds_alternative<ReplayAllReport>(r));
    const auto& rep = std::get<ReplayAllReport>(r);
    CHECK(rep.cases == 5);
    CHECK(rep.events == events);
    CHECK(rep.threads == std::min(threads, 5));
    CHECK(rep.failed.empty());
    CHECK(rep.differed.empty());
  }

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("sunlit.db").c_str(), &db) == SQLITE_OK);
  std::string sql = "UPDATE cases SET snapshot = json_set(snapshot, '$.party', 'Someone else') WHERE id = '" + ids[3] + "'";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto r = std::get<ReplayAllReport>(svc.replay_all(2, true));
  CHECK(r.differed == std::vector<std::string>{ids[3]});
  CHECK(std::get<ReplayAllReport>(svc.replay_all(2, false)).differed.empty());  // not compared
}
