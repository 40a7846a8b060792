// Migration 008 (issue 3): a database made before it keeps every row and value, and the
// rewritten CHECK constraints still refuse what the old ones refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;

namespace {

// The embedded migrations before 008.
std::vector<Migration> before_008() {
  std::vector<Migration> all;
  for (const auto& m : embedded_migrations())
    if (m.number < 8) all.push_back(m);
  return all;
}

std::string query_text(sql::Db& db, const std::string& query) {
  sql::Statement st = db.prepare(query);
  sql::Status s = st.step();
  if (!s.row()) FAIL(s.message);
  return st.text(0);
}

}  // namespace

TEST_CASE("migration 008 keeps the cards and timers of a database made before it") {
  REQUIRE(std::any_of(embedded_migrations().begin(), embedded_migrations().end(),
                      [](const Migration& m) { return m.name == "008_checks_without_lists"; }));
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  {
    auto old = Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), before_008()});
    REQUIRE(old.ok());
  }
  {
    sql::Db db;
    REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("PRAGMA foreign_keys=ON").ok());
    sql::Status s = db.exec(
        "INSERT INTO organisations VALUES (1, 'o', 'h', 'y', 0, 'x');"
        "INSERT INTO definitions VALUES (1, 'P', 1, 'h', 'y', 1, 0, 'x');"
        "INSERT INTO cases (id, definition_id, power_code, party, opened_at, status, outcome, version, snapshot, "
        "updated_at, due_at, warning) VALUES ('c1', 1, 'P', 'p', 0, 'open', '', 1, '{}', 0, 5, 'red'), "
        "('c2', 1, 'P', 'p', 0, 'open', '', 1, '{}', 0, NULL, '');"
        "INSERT INTO open_steps (case_id, step, post, department, since, due_at, warning, urgency, opened_at) "
        "VALUES ('c1', 's', 'p', 'd', 0, 1, 'yellow', 1, 0), ('c2', 's', 'p', 'd', 0, NULL, '', 7, 0);"
        "INSERT INTO timers (case_id, name, kind, step, due_at) VALUES ('c1', 'a', 'red', 's', 3), "
        "('c1', 'b', 'elapse', 's', 4), ('c1', 'c', 'yellow', 's', 5);"
        "INSERT INTO warnings (case_id, seq, colour, step, post, department, due_at, raised_at, active) "
        "VALUES ('c1', 2, 'red', 's', 'p', 'd', 1, 1, 1);");
    REQUIRE(s.ok());
  }
  auto store = Store::open(path);
  REQUIRE(store.ok());
  CHECK(*(*store)->schema_version() == static_cast<int>(embedded_migrations().size()));
  store->reset();

  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
  REQUIRE(db.exec("PRAGMA foreign_keys=ON").ok());
  CHECK(query_text(db, "SELECT group_concat(id || ':' || warning || ':' || coalesce(due_at, '-'), ',') "
                       "FROM (SELECT * FROM cases ORDER BY id)") == "c1:red:5,c2::-");
  CHECK(query_text(db, "SELECT group_concat(case_id || ':' || warning || ':' || urgency, ',') "
                       "FROM (SELECT * FROM open_steps ORDER BY case_id)") == "c1:yellow:1,c2::7");
  CHECK(query_text(db, "SELECT group_concat(name || ':' || kind || ':' || due_at, ',') "
                       "FROM (SELECT * FROM timers ORDER BY name)") == "a:red:3,b:elapse:4,c:yellow:5");
  CHECK(query_text(db, "SELECT count(*) FROM warnings") == "1");
  CHECK(query_text(db, "SELECT count(*) FROM pragma_foreign_key_check") == "0");
  CHECK(query_text(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'timers_by_due'") == "1");

  for (const char* bad : {"UPDATE cases SET warning = 'blue' WHERE id = 'c1'",
                          "UPDATE open_steps SET warning = 'Red' WHERE case_id = 'c1'",
                          "UPDATE timers SET kind = 'green' WHERE name = 'a'",
                          "INSERT INTO timers (case_id, name, step, due_at) VALUES ('c1', 'd', 's', 1)",
                          "INSERT INTO timers (case_id, name, kind, step, due_at) VALUES ('c1', 'e', '', 's', 1)"}) {
    INFO(bad);
    CHECK(db.exec(bad).rc == sql::Rc::constraint);
  }
  for (const char* good : {"UPDATE cases SET warning = 'yellow' WHERE id = 'c2'",
                           "UPDATE open_steps SET warning = 'red' WHERE case_id = 'c2'",
                           "UPDATE timers SET kind = 'yellow' WHERE name = 'b'"}) {
    INFO(good);
    CHECK(db.exec(good).ok());
  }
}
