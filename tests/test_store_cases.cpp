// Cases: the one write path (events + derived row, version-checked), numbering, refusals, reads, rebuild.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::ok;
using sunlit::test::TempDir;

namespace {

// A store with one organisation and one definition of L-001 deployed.
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

Event event(Instant at, std::string actor, std::string post, std::string kind, std::string payload = "{}") {
  Event e;
  e.at = at;
  e.actor = std::move(actor);
  e.post = std::move(post);
  e.kind = std::move(kind);
  e.payload = std::move(payload);
  return e;
}

// Opening a case: one "opened" event, waiting at `accept` for the clerk.
CaseChange opening(std::int64_t definition, int year, Instant at, const std::string& party = "Acme Ltd") {
  CaseChange c;
  c.year = year;
  c.events.push_back(event(at, "clerk1", "clerk", "opened", R"({"party":"Acme Ltd"})"));
  c.row.definition_id = definition;
  c.row.power_code = "L-001";
  c.row.party = party;
  c.row.opened_at = at;
  c.row.snapshot = R"({"tokens":["accept"]})";
  c.row.updated_at = at;
  c.row.open_steps = {{"accept", "clerk", "licensing", at, std::nullopt, ""}};
  return c;
}

// The next change of a loaded case: `kind` by `actor`, then the given open steps.
CaseChange advancing(const CaseRow& now, Instant at, std::vector<OpenStep> steps, std::string kind = "advanced") {
  CaseChange c;
  c.case_id = now.id;
  c.expected_version = now.version;
  c.events.push_back(event(at, "clerk1", "clerk", std::move(kind), R"({"action":"accept"})"));
  c.row = now;
  c.row.open_steps = std::move(steps);
  c.row.updated_at = at;
  c.row.snapshot = R"({"tokens":["review"]})";
  return c;
}

}  // namespace

TEST_CASE("opening a case allocates a year-prefixed number and writes events, row and open steps") {
  Fixture f;
  CommitInfo first = ok(f.store->commit(opening(f.definition, 2026, 100)));
  CHECK(first.case_id == "2026-000001");
  CHECK(first.version == 1);
  CHECK(first.first_seq == 1);
  CHECK(first.last_seq == 1);

  CaseRow row = ok(f.store->load_case("2026-000001"));
  CHECK(row.id == "2026-000001");
  CHECK(row.definition_id == f.definition);
  CHECK(row.power_code == "L-001");
  CHECK(row.party == "Acme Ltd");
  CHECK(row.status == CaseStatus::open);
  CHECK(row.version == 1);
  CHECK(row.snapshot == R"({"tokens":["accept"]})");
  REQUIRE(row.open_steps.size() == 1);
  CHECK(row.open_steps[0].step == "accept");
  CHECK(row.open_steps[0].department == "licensing");

  auto history = ok(f.store->events("2026-000001"));
  REQUIRE(history.size() == 1);
  CHECK(history[0].seq == 1);
  CHECK(history[0].version == 1);
  CHECK(history[0].kind == "opened");
  CHECK(history[0].actor == "clerk1");
  CHECK(history[0].payload == R"({"party":"Acme Ltd"})");
}

TEST_CASE("case numbers run per year and restart in a new year") {
  Fixture f;
  CHECK(ok(f.store->commit(opening(f.definition, 2026, 100))).case_id == "2026-000001");
  CHECK(ok(f.store->commit(opening(f.definition, 2026, 101))).case_id == "2026-000002");
  CHECK(ok(f.store->commit(opening(f.definition, 2027, 102))).case_id == "2027-000001");
  CHECK(ok(f.store->commit(opening(f.definition, 2026, 103))).case_id == "2026-000003");
  auto ids = ok(f.store->all_case_ids());
  CHECK(ids == std::vector<std::string>{"2026-000001", "2026-000002", "2026-000003", "2027-000001"});
}

TEST_CASE("each change bumps the version, appends events in sequence and replaces the open steps") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 2026, 100))).case_id;
  CaseRow row = ok(f.store->load_case(id));
  CaseChange split = advancing(row, 200, {{"review", "reviewer", "legal", 200, std::nullopt, ""}, {"site", "inspector", "field", 200, std::nullopt, ""}});
  split.events.push_back(event(200, "system", "", "split"));
  CommitInfo info = ok(f.store->commit(split));
  CHECK(info.version == 2);
  CHECK(info.first_seq == 2);
  CHECK(info.last_seq == 3);
  row = ok(f.store->load_case(id));
  CHECK(row.version == 2);
  REQUIRE(row.open_steps.size() == 2);

  CaseChange close = advancing(row, 300, {}, "closed");
  close.row.status = CaseStatus::closed;
  close.row.outcome = "granted";
  ok(f.store->commit(close));
  row = ok(f.store->load_case(id));
  CHECK(row.status == CaseStatus::closed);
  CHECK(row.outcome == "granted");
  CHECK(row.open_steps.empty());
  auto history = ok(f.store->events(id));
  REQUIRE(history.size() == 4);
  CHECK(history[1].version == 2);
  CHECK(history[2].version == 2);  // one commit, one version
  CHECK(history[3].version == 3);
  CHECK(history[3].seq == 4);
}

TEST_CASE("a stale expected version is a conflict and changes nothing") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 2026, 100))).case_id;
  CaseRow loaded = ok(f.store->load_case(id));
  ok(f.store->commit(advancing(loaded, 200, {})));
  auto late = f.store->commit(advancing(loaded, 201, {}));
  REQUIRE(!late.ok());
  CHECK(late.error().kind == StoreError::conflict);
  CHECK(late.error().message == "case " + id + " changed since you loaded it (version 1, now 2); reload and try again");
  CHECK(ok(f.store->events(id)).size() == 2);
  CHECK(ok(f.store->load_case(id)).version == 2);
}

TEST_CASE("unknown cases and bad changes are refused with clear errors") {
  Fixture f;
  CHECK(f.store->load_case("2026-999999").error().kind == StoreError::not_found);
  CHECK(ok(f.store->events("2026-999999")).empty());

  CaseRow ghost;
  ghost.id = "2026-999999";
  ghost.version = 3;
  auto r = f.store->commit(advancing(ghost, 1, {}));
  REQUIRE(!r.ok());
  CHECK(r.error().kind == StoreError::not_found);
  CHECK_THAT(r.error().message, Catch::Contains("2026-999999"));

  CaseChange empty = opening(f.definition, 2026, 1);
  empty.events.clear();
  CHECK(f.store->commit(empty).error().kind == StoreError::invalid);

  CaseChange no_year = opening(f.definition, 0, 1);
  CHECK(f.store->commit(no_year).error().kind == StoreError::invalid);

  CaseChange bad_json = opening(f.definition, 2026, 1);
  bad_json.events[0].payload = "{not json";
  auto j = f.store->commit(bad_json);
  REQUIRE(!j.ok());
  CHECK(j.error().kind == StoreError::invalid);
  CHECK_THAT(j.error().message, Catch::Contains("json_valid"));

  CaseChange undeployed = opening(f.definition + 100, 2026, 1);
  CHECK(f.store->commit(undeployed).error().kind == StoreError::not_found);

  // None of the refused changes used up a case number.
  CHECK(ok(f.store->commit(opening(f.definition, 2026, 2))).case_id == "2026-000001");
}

TEST_CASE("a refused attempt is recorded without changing the case's version or row") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 2026, 100))).case_id;
  CaseRow loaded = ok(f.store->load_case(id));
  auto seq = f.store->append_refusal(id, event(150, "clerk2", "reviewer", "ignored", R"({"why":"wrong post"})"));
  CHECK(ok(std::move(seq)) == 2);
  CaseRow after = ok(f.store->load_case(id));
  CHECK(after.version == loaded.version);
  CHECK(after.snapshot == loaded.snapshot);
  // The official who loaded the case before the refusal still commits without conflict.
  CHECK(ok(f.store->commit(advancing(loaded, 200, {}))).first_seq == 3);
  auto history = ok(f.store->events(id));
  REQUIRE(history.size() == 3);
  CHECK(history[1].kind == "refused");
  CHECK(history[1].actor == "clerk2");
  CHECK(history[1].version == 1);
  CHECK(f.store->append_refusal("2026-404404", event(1, "x", "", "refused")).error().kind == StoreError::not_found);
}

TEST_CASE("the event log is append-only, even by hand") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 2026, 100))).case_id;
  sql::Db db;
  REQUIRE(db.open(f.path, sql::OpenMode::read_write_create).ok());
  sql::Status upd = db.exec("UPDATE events SET actor = 'someone else'");
  CHECK(upd.rc == sql::Rc::constraint);
  CHECK_THAT(upd.message, Catch::Contains("append-only") && Catch::Contains("cannot be changed"));
  sql::Status del = db.exec("DELETE FROM events");
  CHECK(del.rc == sql::Rc::constraint);
  CHECK_THAT(del.message, Catch::Contains("append-only") && Catch::Contains("cannot be deleted"));
  sql::Status gap = db.exec("INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload) "
                            "VALUES ('" + id + "', 7, 1, 0, 'a', '', 'k', '{}')");
  CHECK(gap.rc == sql::Rc::constraint);
  CHECK(ok(f.store->events(id)).size() == 1);
}

TEST_CASE("worklists filter by post, power and status") {
  Fixture f;
  std::string a = ok(f.store->commit(opening(f.definition, 2026, 100, "A"))).case_id;
  std::string b = ok(f.store->commit(opening(f.definition, 2026, 110, "B"))).case_id;
  std::string c = ok(f.store->commit(opening(f.definition, 2026, 120, "C"))).case_id;
  CaseRow rb = ok(f.store->load_case(b));
  ok(f.store->commit(advancing(rb, 200, {{"review", "reviewer", "legal", 200, std::nullopt, ""}, {"site", "inspector", "field", 200, std::nullopt, ""}})));
  CaseChange close = advancing(ok(f.store->load_case(c)), 300, {}, "closed");
  close.row.status = CaseStatus::closed;
  close.row.outcome = "refused";
  ok(f.store->commit(close));

  auto everything = ok(f.store->worklist({}));
  REQUIRE(everything.size() == 3);
  CHECK(everything[0].id == a);  // by opening time
  CHECK(everything[1].open_steps.size() == 2);
  CHECK(everything[0].snapshot.empty());

  auto clerk = ok(f.store->worklist({{"clerk"}, "", CaseStatus::open}));
  REQUIRE(clerk.size() == 1);
  CHECK(clerk[0].id == a);

  auto legal = ok(f.store->worklist({{"reviewer", "nobody"}, "", std::nullopt}));
  REQUIRE(legal.size() == 1);
  CHECK(legal[0].id == b);
  REQUIRE(legal[0].open_steps.size() == 1);  // only the steps in the asked posts
  CHECK(legal[0].open_steps[0].step == "review");

  auto both = ok(f.store->worklist({{"clerk", "inspector"}, "L-001", std::nullopt}));
  REQUIRE(both.size() == 2);
  CHECK(both[1].open_steps[0].post == "inspector");

  auto closed = ok(f.store->worklist({{}, "", CaseStatus::closed}));
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].id == c);
  CHECK(closed[0].outcome == "refused");
  CHECK(ok(f.store->worklist({{}, "P-999", std::nullopt})).empty());
  CHECK(ok(f.store->worklist({{"cl\xff\xfe"}, "", std::nullopt})).empty());  // not UTF-8: no match, no throw
}

TEST_CASE("replace_derived rebuilds a case's row and open steps from outside, events untouched") {
  Fixture f;
  std::string id = ok(f.store->commit(opening(f.definition, 2026, 100))).case_id;
  CaseRow rebuilt = ok(f.store->load_case(id));
  rebuilt.snapshot = R"({"rebuilt":true})";
  rebuilt.open_steps = {{"review", "reviewer", "legal", 150, std::nullopt, ""}};
  ok(f.store->replace_derived(id, rebuilt));
  CaseRow row = ok(f.store->load_case(id));
  CHECK(row.snapshot == R"({"rebuilt":true})");
  REQUIRE(row.open_steps.size() == 1);
  CHECK(row.open_steps[0].step == "review");
  CHECK(ok(f.store->events(id)).size() == 1);

  // The derived table lost entirely (as after a bad manual edit) comes back from the log.
  {
    sql::Db db;
    REQUIRE(db.open(f.path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("PRAGMA foreign_keys=ON; DELETE FROM cases").ok());
  }
  CHECK(f.store->load_case(id).error().kind == StoreError::not_found);
  CHECK(ok(f.store->all_case_ids()) == std::vector<std::string>{id});
  ok(f.store->replace_derived(id, rebuilt));
  CHECK(ok(f.store->load_case(id)).open_steps.size() == 1);

  CHECK(f.store->replace_derived("2026-404404", rebuilt).error().kind == StoreError::not_found);
  rebuilt.version = 0;
  CHECK(f.store->replace_derived(id, rebuilt).error().kind == StoreError::invalid);
}
