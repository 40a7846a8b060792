// The worklist in urgency order, a page at a time (issue 6 item 6, migration 005): the store
// orders (case, open step) rows by the step's deadline, else the case's, none last, pages them
// in SQL and counts them; a database made before migration 005 gets the order key of its open steps.
#include <catch2/catch.hpp>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::ok;
using sunlit::test::TempDir;

namespace {

// Opens a case of `power` at `at` with the given open steps and case deadline.
CaseChange opening(std::int64_t definition, const std::string& power, Instant at, std::vector<OpenStep> steps,
                   std::optional<Instant> due) {
  CaseChange c;
  c.year = 2026;
  Event e;
  e.at = at;
  e.actor = "clerk1";
  e.post = "clerk";
  e.kind = "opened";
  c.events.push_back(e);
  c.row.definition_id = definition;
  c.row.power_code = power;
  c.row.party = "Acme Ltd";
  c.row.opened_at = at;
  c.row.updated_at = at;
  c.row.open_steps = std::move(steps);
  c.row.due = due;
  return c;
}

OpenStep step(const std::string& name, const std::string& post, Instant since, std::optional<Instant> due) {
  return {name, post, "dept", since, due, ""};
}

// "case/step" of every row, in order.
std::string keys(const std::vector<CaseRow>& rows) {
  std::string out;
  for (const auto& r : rows) {
    if (r.open_steps.empty()) out += (out.empty() ? "" : " ") + r.id.substr(5) + "/-";
    for (const auto& s : r.open_steps) out += (out.empty() ? "" : " ") + r.id.substr(5) + "/" + s.step;
  }
  return out;
}

// Five cases: 1 (step due 500), 2 (no step deadline, case due 300), 3 (no deadline at all),
// 4 (two steps: due 900 and 100), 5 (closed, of power P-2); posts clerk and inspector.
struct Fixture {
  TempDir dir;
  std::string path = dir.file("sunlit.db");
  std::unique_ptr<Store> store;
  explicit Fixture(StoreOptions options = {}) : store(ok(Store::open(path, options))) {}

  void fill() {
    Deployed org = ok(store->deploy_organisation("city", "name: city\n", "admin", 10));
    auto d1 = ok(store->deploy_definition("P-1", "power: {code: P-1}\n", org.id, "admin", 20)).id;
    auto d2 = ok(store->deploy_definition("P-2", "power: {code: P-2}\n", org.id, "admin", 20)).id;
    ok(store->commit(opening(d1, "P-1", 100, {step("accept", "clerk", 100, 500)}, 2000)));
    ok(store->commit(opening(d1, "P-1", 110, {step("accept", "clerk", 110, std::nullopt)}, 300)));
    ok(store->commit(opening(d1, "P-1", 120, {step("accept", "clerk", 120, std::nullopt)}, std::nullopt)));
    ok(store->commit(opening(d1, "P-1", 130, {step("review", "inspector", 130, 900), step("site", "clerk", 130, 100)}, 5000)));
    CaseChange closed = opening(d2, "P-2", 140, {}, std::nullopt);
    closed.row.status = CaseStatus::closed;
    ok(store->commit(closed));
  }
};

WorklistFilter urgent(std::vector<std::string> posts = {}, int limit = 0, std::int64_t offset = 0) {
  WorklistFilter f;
  f.posts = std::move(posts);
  f.urgent_first = true;
  f.limit = limit;
  f.offset = offset;
  return f;
}

}  // namespace

TEST_CASE("the worklist in urgency order: the step's deadline, else the case's, none last") {
  Fixture f;
  f.fill();
  // Everything: 4/site (100), 2 (case 300), 1 (500), 4/review (900), then no deadline by opening.
  CHECK(keys(ok(f.store->worklist(urgent()))) == "000004/site 000002/accept 000001/accept 000004/review "
                                                 "000003/accept 000005/-");
  CHECK(ok(f.store->worklist_size(urgent())) == 6);
  // Opening order is still the default.
  CHECK(keys(ok(f.store->worklist({}))) == "000001/accept 000002/accept 000003/accept 000004/review "
                                           "000004/site 000005/-");
  // One post, both posts.
  CHECK(keys(ok(f.store->worklist(urgent({"clerk"})))) == "000004/site 000002/accept 000001/accept 000003/accept");
  CHECK(keys(ok(f.store->worklist(urgent({"clerk", "inspector"})))) ==
        "000004/site 000002/accept 000001/accept 000004/review 000003/accept");
  CHECK(ok(f.store->worklist_size(urgent({"clerk"}))) == 4);
  CHECK(ok(f.store->worklist_size(urgent({"clerk", "inspector", "nobody"}))) == 5);
}

TEST_CASE("a worklist page: limit and offset in SQL, the size without them") {
  Fixture f;
  f.fill();
  CHECK(keys(ok(f.store->worklist(urgent({"clerk"}, 2)))) == "000004/site 000002/accept");
  CHECK(keys(ok(f.store->worklist(urgent({"clerk"}, 2, 2)))) == "000001/accept 000003/accept");
  CHECK(ok(f.store->worklist(urgent({"clerk"}, 2, 4))).empty());
  CHECK(ok(f.store->worklist_size(urgent({"clerk"}, 2, 2))) == 4);
  CHECK(keys(ok(f.store->worklist(urgent({}, 3, 4)))) == "000003/accept 000005/-");
  WorklistFilter opening_order;
  opening_order.limit = 2;
  CHECK(keys(ok(f.store->worklist(opening_order))) == "000001/accept 000002/accept");
}

TEST_CASE("a worklist page filters by power and status like the whole list") {
  Fixture f;
  f.fill();
  for (auto posts : {std::vector<std::string>{}, std::vector<std::string>{"clerk", "inspector"}}) {
    WorklistFilter w = urgent(posts, 2);
    w.power_code = "P-1";
    w.status = CaseStatus::open;
    CHECK(keys(ok(f.store->worklist(w))) == "000004/site 000002/accept");
    CHECK(ok(f.store->worklist_size(w)) == 5);
    w.status = CaseStatus::closed;
    CHECK(ok(f.store->worklist(w)).empty());
    CHECK(ok(f.store->worklist_size(w)) == 0);
    w.status.reset();
    w.power_code = "P-2";
    CHECK(ok(f.store->worklist_size(w)) == (posts.empty() ? 1 : 0));  // the closed case has no step
  }
  WorklistFilter bad = urgent({"cl\xff\xfe"}, 1);  // not UTF-8: no match, no throw
  CHECK(ok(f.store->worklist(bad)).empty());
  CHECK(ok(f.store->worklist_size(bad)) == 0);
}

TEST_CASE("migration 005 gives the open steps of an older database their order key") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  auto all = embedded_migrations();
  REQUIRE(all.size() >= 5);
  REQUIRE(all[4].name.find("worklist_order") != std::string_view::npos);
  {  // a database of migrations 1-4 only, its rows written as that version wrote them
    auto old = ok(Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), all.first(4)}));
    REQUIRE(*old->schema_version() == 4);
    Deployed org = ok(old->deploy_organisation("city", "name: city\n", "admin", 10));
    REQUIRE(ok(old->deploy_definition("P-1", "power: {code: P-1}\n", org.id, "admin", 20)).id == 1);
    sql::Db db;
    REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("PRAGMA foreign_keys = OFF; "
                    "INSERT INTO cases (id, definition_id, power_code, party, opened_at, status, outcome, version, "
                    "snapshot, updated_at, due_at) VALUES "
                    "('2026-000001', 1, 'P-1', 'A', 100, 'open', '', 1, '{}', 100, 2000), "
                    "('2026-000002', 1, 'P-1', 'B', 110, 'open', '', 1, '{}', 110, 300), "
                    "('2026-000003', 1, 'P-1', 'C', 120, 'open', '', 1, '{}', 120, NULL); "
                    "INSERT INTO open_steps (case_id, step, post, department, since, due_at) VALUES "
                    "('2026-000001', 'accept', 'clerk', 'd', 100, 500), "
                    "('2026-000002', 'accept', 'clerk', 'd', 110, NULL), "
                    "('2026-000003', 'accept', 'clerk', 'd', 120, NULL)")
                .ok());
  }
  auto store = ok(Store::open(path));
  CHECK(*store->schema_version() == static_cast<int>(all.size()));
  CHECK(keys(ok(store->worklist(urgent({"clerk"})))) == "000002/accept 000001/accept 000003/accept");
  CHECK(keys(ok(store->worklist(urgent({"clerk"}, 1, 2)))) == "000003/accept");
}
