// Fault injection: a commit that fails at any point leaves the database exactly as it was.
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

// Every row of every table of ours, as text, read through a second connection.
std::string dump(const std::string& path) {
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  const char* queries[] = {
      "SELECT group_concat(case_id || ':' || seq || ':' || version || ':' || kind || ':' || payload, ' | ') "
      "FROM (SELECT * FROM events ORDER BY case_id, seq)",
      "SELECT group_concat(id || ':' || version || ':' || status || ':' || outcome || ':' || snapshot, ' | ') "
      "FROM (SELECT * FROM cases ORDER BY id)",
      "SELECT group_concat(case_id || ':' || step || ':' || post, ' | ') "
      "FROM (SELECT * FROM open_steps ORDER BY case_id, step)",
      "SELECT group_concat(year || ':' || last, ' | ') FROM (SELECT * FROM case_counters ORDER BY year)",
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

Event event(Instant at, std::string kind) {
  Event e;
  e.at = at;
  e.actor = "clerk1";
  e.post = "clerk";
  e.kind = std::move(kind);
  return e;
}

CaseChange opening(std::int64_t definition, Instant at) {
  CaseChange c;
  c.year = 2026;
  c.events = {event(at, "opened"), event(at, "assigned")};
  c.row.definition_id = definition;
  c.row.power_code = "L-001";
  c.row.party = "Acme Ltd";
  c.row.opened_at = at;
  c.row.updated_at = at;
  c.row.snapshot = R"({"at":"accept"})";
  c.row.open_steps = {{"accept", "clerk", "licensing", at, std::nullopt, ""}};
  return c;
}

}  // namespace

TEST_CASE("a commit failing at any point changes nothing; the next one succeeds") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  auto store = ok(Store::open(path));
  Deployed org = ok(store->deploy_organisation("city", "name: city\n", "admin", 1));
  std::int64_t def = ok(store->deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 2)).id;
  std::string id = ok(store->commit(opening(def, 100))).case_id;

  auto point = GENERATE(FaultPoint::after_number, FaultPoint::after_events, FaultPoint::after_case_row,
                        FaultPoint::after_open_steps, FaultPoint::after_timers, FaultPoint::before_commit);
  auto fresh = GENERATE(true, false);  // a new case (number allocated) or a change of the existing one
  INFO("fault point " << static_cast<int>(point) << (fresh ? ", new case" : ", existing case"));

  CaseRow loaded = ok(store->load_case(id));
  CaseChange change = opening(def, 200);
  if (!fresh) {
    change.case_id = id;
    change.expected_version = loaded.version;
    change.row.status = CaseStatus::closed;
    change.row.outcome = "granted";
    change.row.open_steps.clear();
  }
  const std::string before = dump(path);
  store->fail_next_commit_at(point);
  auto failed = store->commit(change);
  REQUIRE(!failed.ok());
  CHECK(failed.error().kind == StoreError::io);
  CHECK_THAT(failed.error().message, Catch::Contains("injected fault"));
  CHECK(dump(path) == before);

  // Same connection, same change: the fault was one-shot and nothing was left half-done.
  CommitInfo done = ok(store->commit(change));
  CHECK(done.case_id == (fresh ? "2026-000002" : id));
  CHECK(dump(path) != before);
}

TEST_CASE("a connection closed in the middle of a commit leaves nothing behind") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  std::int64_t def = 0;
  {
    auto store = ok(Store::open(path));
    Deployed org = ok(store->deploy_organisation("city", "name: city\n", "admin", 1));
    def = ok(store->deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 2)).id;
  }
  const std::string before = dump(path);
  {
    auto store = ok(Store::open(path));
    store->fail_next_commit_at(FaultPoint::before_commit);
    CHECK(!store->commit(opening(def, 100)).ok());
  }  // the store is gone, as if the process died before COMMIT
  CHECK(dump(path) == before);
  auto store = ok(Store::open(path));
  CHECK(ok(store->commit(opening(def, 100))).case_id == "2026-000001");
}
