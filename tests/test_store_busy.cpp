// Concurrency: two writers of one case, a busy database, a writer that dies.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::ok;
using sunlit::test::TempDir;
using namespace std::chrono_literals;

namespace {

StoreOptions patience(std::chrono::milliseconds wait) {
  StoreOptions o;
  o.busy_timeout = wait;
  return o;
}

Event event(Instant at, std::string actor, std::string kind) {
  Event e;
  e.at = at;
  e.actor = std::move(actor);
  e.post = "clerk";
  e.kind = std::move(kind);
  return e;
}

CaseChange opening(std::int64_t definition, Instant at) {
  CaseChange c;
  c.year = 2026;
  c.events = {event(at, "clerk1", "opened")};
  c.row.definition_id = definition;
  c.row.power_code = "L-001";
  c.row.party = "Acme Ltd";
  c.row.opened_at = at;
  c.row.updated_at = at;
  c.row.open_steps = {{"accept", "clerk", "licensing", at, std::nullopt, ""}};
  return c;
}

CaseChange advancing(const CaseRow& now, const std::string& actor, Instant at) {
  CaseChange c;
  c.case_id = now.id;
  c.expected_version = now.version;
  c.events = {event(at, actor, "advanced")};
  c.row = now;
  c.row.updated_at = at;
  c.row.snapshot = R"({"by":")" + actor + R"("})";
  return c;
}

// A database with one open case; returns its id.
std::string one_case(const std::string& path) {
  auto store = ok(Store::open(path));
  Deployed org = ok(store->deploy_organisation("city", "name: city\n", "admin", 1));
  std::int64_t def = ok(store->deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 2)).id;
  return ok(store->commit(opening(def, 100))).case_id;
}

}  // namespace

TEST_CASE("two stores on one file, same expected version: exactly one wins") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string id = one_case(path);
  auto alice = ok(Store::open(path));
  auto bob = ok(Store::open(path));
  CaseRow a = ok(alice->load_case(id));
  CaseRow b = ok(bob->load_case(id));
  ok(alice->commit(advancing(a, "alice", 200)));
  auto lost = bob->commit(advancing(b, "bob", 201));
  REQUIRE(!lost.ok());
  CHECK(lost.error().kind == StoreError::conflict);
  CHECK_THAT(lost.error().message, Catch::Contains("changed since you loaded it") && Catch::Contains("reload"));
  CaseRow now = ok(bob->load_case(id));
  CHECK(now.snapshot == R"({"by":"alice"})");
  // After reloading, bob's change goes through.
  CHECK(ok(bob->commit(advancing(now, "bob", 202))).version == 3);
}

TEST_CASE("racing writers on separate connections: one winner per round, nothing lost or duplicated") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string id = one_case(path);
  constexpr int kWriters = 4;
  constexpr int kRounds = 5;
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < kWriters; ++i) stores.push_back(ok(Store::open(path)));
  for (int round = 0; round < kRounds; ++round) {
    CaseRow loaded = ok(stores[0]->load_case(id));
    std::atomic<int> wins{0}, conflicts{0}, others{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kWriters; ++i)
      threads.emplace_back([&, i] {
        CaseChange change = advancing(loaded, "official" + std::to_string(i), 1000 + round);
        while (!go) std::this_thread::yield();
        auto r = stores[static_cast<size_t>(i)]->commit(change);
        (r.ok() ? wins : r.error().kind == StoreError::conflict ? conflicts : others)++;
      });
    go = true;
    for (auto& t : threads) t.join();
    CHECK(wins == 1);
    CHECK(conflicts == kWriters - 1);
    CHECK(others == 0);
  }
  auto history = ok(stores[0]->events(id));
  REQUIRE(history.size() == 1 + kRounds);
  for (size_t i = 0; i < history.size(); ++i) {
    CHECK(history[i].seq == static_cast<std::int64_t>(i + 1));
    CHECK(history[i].version == static_cast<std::int64_t>(i + 1));
  }
  CHECK(ok(stores[0]->load_case(id)).version == 1 + kRounds);
}

TEST_CASE("a database held by another writer answers busy after the bound, never 'locked'") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string id = one_case(path);
  auto store = ok(Store::open(path, patience(200ms)));
  CaseRow loaded = ok(store->load_case(id));

  sql::Db other;
  REQUIRE(other.open(path, sql::OpenMode::read_write_create).ok());
  REQUIRE(other.exec("BEGIN IMMEDIATE").ok());

  auto start = std::chrono::steady_clock::now();
  auto r = store->commit(advancing(loaded, "alice", 200));
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE(!r.ok());
  CHECK(r.error().kind == StoreError::busy);
  CHECK_THAT(r.error().message, Catch::Contains(path) && Catch::Contains("busy") && Catch::Contains("try again"));
  CHECK_THAT(r.error().message, !Catch::Contains("locked"));
  CHECK(waited >= 190ms);
  CHECK(waited < 3s);

  auto d = store->deploy_organisation("town", "name: town\n", "admin", 3);
  REQUIRE(!d.ok());
  CHECK(d.error().kind == StoreError::busy);
  CHECK(store->append_refusal(id, event(201, "bob", "refused")).error().kind == StoreError::busy);

  // Readers are not blocked by the writer (WAL).
  CHECK(ok(store->load_case(id)).version == 1);
  CHECK(ok(store->worklist({})).size() == 1);

  // Once the other writer is done, the same change goes through.
  REQUIRE(other.exec("ROLLBACK").ok());
  CHECK(ok(store->commit(advancing(loaded, "alice", 202))).version == 2);
}

TEST_CASE("a writer that waits less than the bound gets through") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string id = one_case(path);
  auto store = ok(Store::open(path, patience(2000ms)));
  CaseRow loaded = ok(store->load_case(id));
  sql::Db other;
  REQUIRE(other.open(path, sql::OpenMode::read_write_create).ok());
  REQUIRE(other.exec("BEGIN IMMEDIATE").ok());
  std::thread release([&] {
    std::this_thread::sleep_for(50ms);
    other.exec("COMMIT");
  });
  auto r = store->commit(advancing(loaded, "alice", 200));
  release.join();
  CHECK(ok(std::move(r)).version == 2);
}

TEST_CASE("a process that dies inside a write transaction leaves nothing and blocks no one") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string id = one_case(path);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    sql::Db db;
    if (!db.open(path, sql::OpenMode::read_write_create).ok()) _exit(1);
    if (!db.exec("BEGIN IMMEDIATE").ok()) _exit(2);
    if (!db.exec("INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload) "
                 "VALUES ('" + id + "', 2, 2, 0, 'ghost', '', 'advanced', '{}')").ok()) _exit(3);
    _exit(0);  // dies without COMMIT or ROLLBACK
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  auto store = ok(Store::open(path, patience(500ms)));
  CHECK(ok(store->events(id)).size() == 1);
  CaseRow loaded = ok(store->load_case(id));
  CHECK(ok(store->commit(advancing(loaded, "alice", 200))).version == 2);
}
