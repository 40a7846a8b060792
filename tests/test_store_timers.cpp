// Timers, warnings, deadlines and settings in the store (issue 4): written with the case's
// commit, in one transaction; read in due order through the timers_by_due index.
#include <catch2/catch.hpp>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::ok;
using sunlit::test::TempDir;

namespace {

// A store with one definition of L-001 deployed.
struct Fixture {
  TempDir dir;
  std::string path = dir.file("sunlit.db");
  std::unique_ptr<Store> store = ok(Store::open(path));
  std::int64_t definition = 0;

  Fixture() {
    Deployed org = ok(store->deploy_organisation("city", "name: city\n", "admin", 10));
    definition = ok(store->deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 20)).id;
  }
};

Event event(Instant at, std::string actor, std::string kind) {
  Event e;
  e.at = at;
  e.actor = std::move(actor);
  e.kind = std::move(kind);
  return e;
}

// A new case at `accept` (due 1000), its case limit due 5000, with a yellow and a red timer.
CaseChange opening(std::int64_t definition, Instant at) {
  CaseChange c;
  c.year = 2026;
  c.events.push_back(event(at, "clerk1", "opened"));
  c.row.definition_id = definition;
  c.row.power_code = "L-001";
  c.row.party = "Acme Ltd";
  c.row.opened_at = at;
  c.row.updated_at = at;
  c.row.open_steps = {{"accept", "clerk", "licensing", at, Instant{1000}, ""}};
  c.row.due = 5000;
  c.row.timers = {{"", "step:accept:yellow", "yellow", "accept", 900, ""},
                  {"", "step:accept:red", "red", "accept", 1000, ""},
                  {"", "case:red", "red", "", 5000, ""}};
  return c;
}

// The next change of a loaded case, keeping its derived rows unless the caller changes them.
CaseChange next(const CaseRow& row, Instant at, std::string kind) {
  CaseChange c;
  c.case_id = row.id;
  c.expected_version = row.version;
  c.events.push_back(event(at, "system", std::move(kind)));
  c.row = row;
  c.row.updated_at = at;
  return c;
}

// Every timer and warning row, and the clock columns, as text, through a second connection.
std::string dump(const std::string& path) {
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  const char* queries[] = {
      "SELECT group_concat(case_id || ':' || name || ':' || kind || ':' || step || ':' || due_at, ' | ') "
      "FROM (SELECT * FROM timers ORDER BY case_id, name)",
      "SELECT group_concat(case_id || ':' || seq || ':' || colour || ':' || step || ':' || active, ' | ') "
      "FROM (SELECT * FROM warnings ORDER BY case_id, seq)",
      "SELECT group_concat(id || ':' || version || ':' || coalesce(due_at, '-') || ':' || warning, ' | ') "
      "FROM (SELECT * FROM cases ORDER BY id)",
      "SELECT group_concat(case_id || ':' || step || ':' || coalesce(due_at, '-') || ':' || warning, ' | ') "
      "FROM (SELECT * FROM open_steps ORDER BY case_id, step)",
      "SELECT count(*) FROM events",
  };
  std::string out;
  for (const char* q : queries) {
    sql::Statement st = db.prepare(q);
    sql::Status s = st.step();
    if (!s.row()) FAIL(s.message);
    out += st.text(0) + "\n";
  }
  return out;
}

std::string names(const std::vector<Timer>& timers) {
  std::string out;
  for (const auto& t : timers) out += (out.empty() ? "" : " ") + t.case_id + "/" + t.name + "@" + std::to_string(t.due);
  return out;
}

}  // namespace

TEST_CASE("a commit writes the case's deadlines and timers; loads read the deadlines back") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 100))).case_id;
  CaseRow row = ok(f.store->load_case(id));
  REQUIRE(row.due);
  CHECK(*row.due == 5000);
  CHECK(row.warning.empty());
  REQUIRE(row.open_steps.size() == 1);
  REQUIRE(row.open_steps[0].due);
  CHECK(*row.open_steps[0].due == 1000);
  CHECK(row.timers.empty());  // loads leave the derived timers to the runtime
  CHECK(names(ok(f.store->case_timers(id))) ==
        "2026-000001/case:red@5000 2026-000001/step:accept:red@1000 2026-000001/step:accept:yellow@900");

  auto list = ok(f.store->worklist({}));
  REQUIRE(list.size() == 1);
  CHECK(*list[0].due == 5000);
  CHECK(*list[0].open_steps[0].due == 1000);
}

TEST_CASE("each commit replaces the case's timers and warnings: gone, changed, new and kept") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 100))).case_id;
  CaseRow row = ok(f.store->load_case(id));
  row.timers = opening(f.definition, 100).row.timers;

  // The yellow timer fires: a warning appears, the yellow timer goes, the step's card is yellow.
  CaseChange c = next(row, 900, "warned");
  c.row.timers.erase(c.row.timers.begin());
  c.row.warning = "yellow";
  c.row.open_steps[0].warning = "yellow";
  c.row.warnings = {{"", 2, "yellow", "accept", "clerk", "licensing", 1000, 900, true}};
  ok(f.store->commit(c));
  CHECK(dump(f.path) ==
        "2026-000001:case:red:red::5000 | 2026-000001:step:accept:red:red:accept:1000\n"
        "2026-000001:2:yellow:accept:1\n"
        "2026-000001:2:5000:yellow\n"
        "2026-000001:accept:1000:yellow\n"
        "2\n");

  // The step ends: its timers go, the case limit moves (extension), the warning stays, inactive.
  row = ok(f.store->load_case(id));
  CaseChange d = next(row, 950, "acted");
  d.row.open_steps = {{"review", "reviewer", "licensing", 950, std::nullopt, ""}};
  d.row.due = 7000;
  d.row.warning = "";
  d.row.timers = {{"", "case:red", "red", "", 7000, ""}, {"", "case:yellow", "yellow", "", 6000, ""}};
  d.row.warnings = {{"", 2, "yellow", "accept", "clerk", "licensing", 1000, 900, false}};
  ok(f.store->commit(d));
  CHECK(dump(f.path) ==
        "2026-000001:case:red:red::7000 | 2026-000001:case:yellow:yellow::6000\n"
        "2026-000001:2:yellow:accept:0\n"
        "2026-000001:3:7000:\n"
        "2026-000001:review:-:\n"
        "3\n");

  // A commit that changes nothing of the clock leaves the rows as they are.
  row = ok(f.store->load_case(id));
  CaseChange e = next(row, 960, "noted");
  e.row.timers = d.row.timers;
  e.row.warnings = d.row.warnings;
  ok(f.store->commit(e));
  CHECK(names(ok(f.store->case_timers(id))) == "2026-000001/case:red@7000 2026-000001/case:yellow@6000");

  // Closing the case: no timers, no deadline.
  row = ok(f.store->load_case(id));
  CaseChange closing = next(row, 970, "closed");
  closing.row.status = CaseStatus::closed;
  closing.row.open_steps.clear();
  closing.row.due.reset();
  closing.row.warnings = d.row.warnings;
  ok(f.store->commit(closing));
  CHECK(ok(f.store->case_timers(id)).empty());
  CHECK(!ok(f.store->next_due()));
}

TEST_CASE("due timers come in due order, ties by case and name, up to now and the limit") {
  Fixture f;
  CHECK(!ok(f.store->next_due()));
  CHECK(ok(f.store->due_timers(1'000'000, 0)).empty());
  ok(f.store->commit(opening(f.definition, 100)));
  CaseChange second = opening(f.definition, 200);
  second.row.timers = {{"", "step:accept:red", "red", "accept", 1000, ""}, {"", "step:accept:elapse", "elapse", "accept", 800, ""}};
  ok(f.store->commit(second));

  CHECK(*ok(f.store->next_due()) == 800);
  CHECK(names(ok(f.store->due_timers(799, 0))).empty());
  CHECK(names(ok(f.store->due_timers(1000, 0))) ==
        "2026-000002/step:accept:elapse@800 2026-000001/step:accept:yellow@900 "
        "2026-000001/step:accept:red@1000 2026-000002/step:accept:red@1000");
  CHECK(names(ok(f.store->due_timers(1000, 2))) ==
        "2026-000002/step:accept:elapse@800 2026-000001/step:accept:yellow@900");
  auto all = ok(f.store->due_timers(INT64_MAX, 0));
  REQUIRE(all.size() == 5);
  CHECK(all[4].name == "case:red");
  CHECK(all[4].kind == "red");
  CHECK(all[4].step.empty());
}

TEST_CASE("the due-timer queries use the timers_by_due index, without sorting") {
  Fixture f;
  sql::Db db;
  REQUIRE(db.open(f.path, sql::OpenMode::read_only).ok());
  auto plan = [&db](const std::string& query) {
    sql::Statement st = db.prepare("EXPLAIN QUERY PLAN " + query);
    std::string out;
    for (sql::Status s = st.step(); s.row(); s = st.step()) out += st.text(3) + "\n";
    return out;
  };
  std::string due = plan("SELECT case_id, name, kind, step, due_at FROM timers WHERE due_at <= 5 "
                         "ORDER BY due_at, case_id, name LIMIT 10");
  CHECK_THAT(due, Catch::Contains("USING INDEX timers_by_due (due_at<?)"));
  CHECK_THAT(due, !Catch::Contains("TEMP B-TREE"));
  CHECK_THAT(plan("SELECT min(due_at) FROM timers"), Catch::Contains("USING COVERING INDEX timers_by_due"));
}

TEST_CASE("a commit that fails after writing the timers leaves timers and warnings unchanged") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 100))).case_id;
  CaseRow row = ok(f.store->load_case(id));
  CaseChange c = next(row, 900, "warned");
  c.row.timers = {{"", "case:red", "red", "", 9000, ""}};
  c.row.warnings = {{"", 2, "yellow", "accept", "clerk", "licensing", 1000, 900, true}};
  const std::string before = dump(f.path);
  f.store->fail_next_commit_at(FaultPoint::after_timers);
  auto failed = f.store->commit(c);
  REQUIRE(!failed.ok());
  CHECK(failed.error().kind == StoreError::io);
  CHECK(failed.error().message == "injected fault at point 5 of commit");
  CHECK(dump(f.path) == before);
  CHECK(names(ok(f.store->case_timers(id))) ==
        "2026-000001/case:red@5000 2026-000001/step:accept:red@1000 2026-000001/step:accept:yellow@900");
  ok(f.store->commit(c));
  CHECK(names(ok(f.store->case_timers(id))) == "2026-000001/case:red@9000");
}

TEST_CASE("rebuild replaces the derived timers and warnings too") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 100))).case_id;
  CaseRow row = ok(f.store->load_case(id));
  row.timers = {{"", "case:red", "red", "", 4000, ""}};
  row.warnings = {{"", 1, "red", "", "clerk", "licensing", 3000, 3000, true}};
  row.warning = "red";
  ok(f.store->replace_derived(id, row));
  CHECK(names(ok(f.store->case_timers(id))) == "2026-000001/case:red@4000");
  CHECK(ok(f.store->load_case(id)).warning == "red");
  CHECK(ok(f.store->warnings({})).size() == 1);
}

TEST_CASE("warnings are filtered by department, post, colour and whether still active") {
  Fixture f;
  CaseChange a = opening(f.definition, 100);
  a.row.warnings = {{"", 1, "yellow", "accept", "clerk", "licensing", 1000, 900, true},
                    {"", 1000, "red", "accept", "clerk", "licensing", 1000, 1000, false}};
  ok(f.store->commit(a));
  CaseChange b = opening(f.definition, 200);
  b.row.warnings = {{"", 1, "red", "inspect", "fire_officer", "fire", 950, 950, true}};
  ok(f.store->commit(b));

  auto text = [&f](const WarningFilter& filter) {
    std::string out;
    for (const auto& w : ok(f.store->warnings(filter)))
      out += (out.empty() ? "" : " ") + w.case_id + ":" + w.colour + ":" + w.step + ":" + std::to_string(w.raised_at);
    return out;
  };
  CHECK(text({}) == "2026-000001:yellow:accept:900 2026-000002:red:inspect:950");
  CHECK(text({"", "", "", false}) ==
        "2026-000001:yellow:accept:900 2026-000002:red:inspect:950 2026-000001:red:accept:1000");
  CHECK(text({"licensing", "", "", true}) == "2026-000001:yellow:accept:900");
  CHECK(text({"", "fire_officer", "", true}) == "2026-000002:red:inspect:950");
  CHECK(text({"", "", "red", false}) == "2026-000002:red:inspect:950 2026-000001:red:accept:1000");
  CHECK(text({"planning", "", "", false}).empty());
}

TEST_CASE("settings: last write wins per name and power") {
  Fixture f;
  CHECK(ok(f.store->settings()).empty());
  ok(f.store->set_setting({"yellow_before", "", "1 workdays", 100, "admin"}));
  ok(f.store->set_setting({"yellow_before", "L-001", "3 days", 110, "dee"}));
  ok(f.store->set_setting({"yellow_before", "", "2 workdays", 120, "admin"}));
  auto all = ok(f.store->settings());
  REQUIRE(all.size() == 2);
  CHECK(all[0].power_code.empty());
  CHECK(all[0].value == "2 workdays");
  CHECK(all[0].set_at == 120);
  CHECK(all[1].power_code == "L-001");
  CHECK(all[1].value == "3 days");
  CHECK(all[1].set_by == "dee");
  auto bad = f.store->set_setting({"", "", "1 workdays", 1, "admin"});
  REQUIRE(!bad.ok());
  CHECK(bad.error().message == "a setting needs a name");
}
