// The store keeps every event's chain hash and each case's head: commits and refusals are
// chained, the whole log verifies, anchors are recorded, and a database made before the chain
// existed (migrations 1-2) is sealed by migration 003 when a newer sunlit opens it.
#include <catch2/catch.hpp>

#include "engine/audit.h"
#include "engine/sqlite.h"
#include "tests/store_fixture.h"
#include "tests/support.h"

using namespace sunlit;
using namespace sunlit::test;

TEST_CASE("commits and refusals are chained; the log verifies; anchors are recorded once") {
  TempDir dir;
  auto store = ok(Store::open(dir.file("sunlit.db")));
  std::int64_t def = deploy(*store);
  std::string a = ok(store->commit(opening(def, 100))).case_id;
  std::string b = ok(store->commit(opening(def, 110))).case_id;
  ok(store->append_refusal(a, event(120, "refused")));
  VerifyReport r = ok(store->verify_chains(""));
  CHECK(r.ok());
  CHECK(r.cases == 2);
  CHECK(r.events == 5);
  auto heads = ok(store->chain_heads());
  REQUIRE(heads.size() == 2);
  CHECK(heads[0].seq + heads[1].seq == 5);
  AnchorRecord first = ok(store->make_anchor(200, "auditor"));
  CHECK(first.created);
  CHECK(first.cases == 2);
  CHECK(first.digest == anchor_digest(heads));
  CHECK_FALSE(ok(store->make_anchor(300, "auditor")).created);  // nothing changed since
  CHECK(ok(store->verify_chains("", first.digest)).ok());
  CHECK(ok(store->verify_chains(b, first.digest)).ok());
  auto unknown = store->verify_chains("", std::string(64, '0'));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == StoreError::not_found);
  CHECK(unknown.error().message == "no anchor " + std::string(64, '0') + " in " + dir.file("sunlit.db") +
                                       ": the digest is wrong, or the anchor was removed");
}

TEST_CASE("chain heads only move forward, even by hand") {
  TempDir dir;
  auto store = ok(Store::open(dir.file("sunlit.db")));
  std::string a = ok(store->commit(opening(deploy(*store), 100))).case_id;
  sql::Db db;
  REQUIRE(db.open(dir.file("sunlit.db"), sql::OpenMode::read_write_create).ok());
  sql::Status back = db.exec("UPDATE chain_heads SET seq = 1");
  CHECK(back.rc == sql::Rc::constraint);
  CHECK_THAT(back.message, Catch::Contains("a chain head only moves forward"));
  sql::Status del = db.exec("DELETE FROM chain_heads");
  CHECK(del.rc == sql::Rc::constraint);
  CHECK_THAT(del.message, Catch::Contains("chain heads cannot be deleted"));
}

TEST_CASE("a case whose chain head was deleted by hand takes no more changes") {
  TempDir dir;
  auto store = ok(Store::open(dir.file("sunlit.db")));
  std::string a = ok(store->commit(opening(deploy(*store), 100))).case_id;
  sql::Db db;
  REQUIRE(db.open(dir.file("sunlit.db"), sql::OpenMode::read_write_create).ok());
  REQUIRE(db.exec("DROP TRIGGER chain_heads_no_delete; DELETE FROM chain_heads").ok());
  CaseChange next = opening(0, 130);
  next.case_id = a;
  next.expected_version = 1;
  next.events = {event(130, "entered")};
  auto refused = store->commit(next);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "cannot record the change of case " + a +
                                       ": the case has events but no chain head (" + dir.file("sunlit.db") + ")");
  CHECK(ok(store->events(a)).size() == 2);  // nothing written
  CHECK(ok(store->load_case(a)).version == 1);
}

TEST_CASE("a database made before the chain existed is sealed by migration 003") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  auto all = embedded_migrations();
  REQUIRE(all.size() >= 3);
  REQUIRE(all[2].name == "003_chain");
  {
    StoreOptions old;
    old.migrations = all.subspan(0, 2);
    auto store = ok(Store::open(path, old));
    std::int64_t def = deploy(*store);
    sql::Db db;  // a version-2 sunlit wrote events without hashes
    REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("INSERT INTO cases (id, definition_id, power_code, party, opened_at, status, outcome, version, "
                    "snapshot, updated_at) VALUES ('2025-000001', " + std::to_string(def) +
                    ", 'L-001', 'Acme', 1, 'open', '', 2, '{}', 1)").ok());
    for (int seq = 1; seq <= 3; ++seq)
      REQUIRE(db.exec("INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload) VALUES "
                      "('2025-000001', " + std::to_string(seq) + ", 1, 5, 'ann', 'intake', 'k', '{\"n\":" +
                      std::to_string(seq) + "}')").ok());
  }
  auto store = ok(Store::open(path));
  CHECK(ok(store->schema_version()) == static_cast<int>(all.size()));
  VerifyReport r = ok(store->verify_chains(""));
  CHECK(r.ok());
  CHECK(r.events == 3);
  auto heads = ok(store->chain_heads());
  REQUIRE(heads.size() == 1);
  CHECK(heads[0].seq == 3);
  // The seal is the same chain sunlit computes for new events.
  std::string prev;
  for (const Event& e : ok(store->events("2025-000001"))) prev = chain_hash(prev, e);
  CHECK(heads[0].hash == prev);
}
