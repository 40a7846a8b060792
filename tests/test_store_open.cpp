// Opening the store: our file is created and migrated; anything else is refused untouched.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "engine/sqlite.h"
#include "engine/store.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::ok;
using sunlit::test::TempDir;

namespace {

std::unique_ptr<Store> open_ok(const std::string& path, const StoreOptions& options = {}) {
  auto r = Store::open(path, options);
  if (!r) FAIL(r.error().message);
  return std::move(*r);
}

// One integer from a raw SQL query on `path` (read-only, so the file is not changed).
std::int64_t query_int(const std::string& path, const std::string& query) {
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  sql::Statement st = db.prepare(query);
  sql::Status s = st.step();
  if (!s.row()) FAIL(s.message);
  return st.int64(0);
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The embedded migrations followed by `extra`.
std::vector<Migration> with(std::vector<Migration> extra) {
  std::vector<Migration> all(embedded_migrations().begin(), embedded_migrations().end());
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

}  // namespace

TEST_CASE("a new file is created with the sunlit mark, WAL and every migration") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  {
    auto store = open_ok(path);
    CHECK(store->path() == path);
    auto v = store->schema_version();
    REQUIRE(v.ok());
    CHECK(*v == static_cast<int>(embedded_migrations().size()));
  }
  CHECK(std::filesystem::exists(path));
  CHECK(query_int(path, "PRAGMA application_id") == kApplicationId);
  CHECK(query_int(path, "PRAGMA user_version") == static_cast<std::int64_t>(embedded_migrations().size()));
  CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name IN "
                        "('organisations','definitions','events','cases','open_steps','case_counters')") == 6);
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  sql::Statement mode = db.prepare("PRAGMA journal_mode");
  REQUIRE(mode.step().row());
  CHECK(mode.text(0) == "wal");

  // Reopening is harmless, with either durability.
  open_ok(path);
  open_ok(path, StoreOptions{Durability::normal, std::chrono::milliseconds(100), {}});
}

TEST_CASE("the embedded migrations are numbered from 1 and create the schema") {
  auto ms = embedded_migrations();
  REQUIRE(!ms.empty());
  CHECK(ms[0].number == 1);
  CHECK(ms[0].name == "001_init");
  CHECK(ms[0].sql.find("CREATE TABLE events") != std::string_view::npos);
}

TEST_CASE("a file that is not SQLite is refused, named, and left untouched") {
  TempDir dir;
  const std::string path = dir.file("notes.db");
  std::ofstream(path) << "These are my notes, not a database.\nSecond line of text that is long enough.\n";
  const std::string before = file_bytes(path);
  auto r = Store::open(path);
  REQUIRE(!r.ok());
  CHECK(r.error().kind == StoreError::foreign);
  CHECK_THAT(r.error().message, Catch::Contains(path) && Catch::Contains("not an SQLite file"));
  CHECK(file_bytes(path) == before);
  CHECK(!std::filesystem::exists(path + "-wal"));
}

TEST_CASE("an SQLite file of another application is refused and left untouched") {
  TempDir dir;
  SECTION("another application_id") {
    const std::string path = dir.file("other.db");
    {
      sql::Db db;
      REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
      REQUIRE(db.exec("PRAGMA application_id=1234; CREATE TABLE t (x INTEGER)").ok());
    }
    const std::string before = file_bytes(path);
    auto r = Store::open(path);
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::foreign);
    CHECK_THAT(r.error().message, Catch::Contains(path) && Catch::Contains("another application") &&
                                      Catch::Contains("0x000004d2"));
    CHECK(file_bytes(path) == before);
  }
  SECTION("no application_id but tables of its own") {
    const std::string path = dir.file("contacts.db");
    {
      sql::Db db;
      REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
      REQUIRE(db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Li')").ok());
    }
    const std::string before = file_bytes(path);
    auto r = Store::open(path);
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::foreign);
    CHECK_THAT(r.error().message, Catch::Contains(path) && Catch::Contains("left untouched"));
    CHECK(file_bytes(path) == before);
    CHECK(query_int(path, "PRAGMA user_version") == 0);
  }
}

TEST_CASE("a database made by a newer sunlit is refused, not downgraded") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  open_ok(path);
  const auto known = static_cast<std::int64_t>(embedded_migrations().size());
  {
    sql::Db db;
    REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("PRAGMA user_version=" + std::to_string(known + 1)).ok());
  }
  auto r = Store::open(path);
  REQUIRE(!r.ok());
  CHECK(r.error().kind == StoreError::newer);
  CHECK_THAT(r.error().message, Catch::Contains(path) && Catch::Contains("newer sunlit") &&
                                    Catch::Contains("upgrade sunlit"));
  CHECK(query_int(path, "PRAGMA user_version") == known + 1);
}

TEST_CASE("an older database of ours gets the missing migrations") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  SECTION("version 0: marked as ours, nothing applied yet") {
    {
      sql::Db db;
      REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
      REQUIRE(db.exec("PRAGMA application_id=" + std::to_string(kApplicationId)).ok());
    }
    auto store = open_ok(path);
    CHECK(*store->schema_version() == static_cast<int>(embedded_migrations().size()));
    CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'events'") == 1);
  }
  SECTION("a database of this build opened by a build that knows one more: data kept, the new one applied") {
    {
      auto store = open_ok(path);
      REQUIRE(store->deploy_organisation("city", "name: city\n", "admin", 100).ok());
    }
    const int next = static_cast<int>(embedded_migrations().size()) + 1;
    auto ms = with({{next, "999_later", "CREATE TABLE later (case_id TEXT NOT NULL, due INTEGER NOT NULL) STRICT;"}});
    auto store = open_ok(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    CHECK(*store->schema_version() == next);
    CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'later'") == 1);
    CHECK(query_int(path, "SELECT count(*) FROM organisations") == 1);
    // And this build now refuses it.
    store.reset();
    auto old = Store::open(path);
    REQUIRE(!old.ok());
    CHECK(old.error().kind == StoreError::newer);
    CHECK(old.error().message == path + " was made by a newer sunlit (schema version " + std::to_string(next) +
                                     "; this sunlit knows up to " + std::to_string(next - 1) +
                                     "); upgrade sunlit to open it");
  }
  SECTION("a migration that fails leaves the database as it was") {
    open_ok(path);
    const int next = static_cast<int>(embedded_migrations().size()) + 1;
    auto ms = with({{next, "999_broken", "CREATE TABLE half (x INTEGER); CREATE TABLE oops (;"}});
    auto r = Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    REQUIRE(!r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("999_broken"));
    CHECK(query_int(path, "PRAGMA user_version") == next - 1);
    CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'") == 0);
  }
  SECTION("migrations out of sequence are refused before touching anything") {
    const int next = static_cast<int>(embedded_migrations().size()) + 1;
    auto ms = with({{next + 1, "999_skips_one", "CREATE TABLE t (x INTEGER);"}});
    auto r = Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::invalid);
    CHECK(r.error().message == "migration " + std::to_string(next + 1) + " ('999_skips_one') is out of sequence: expected " +
                                   std::to_string(next));
    CHECK(!std::filesystem::exists(path));
  }
}

TEST_CASE("a version-1 database (made with migration 001 only) is upgraded to 2 keeping its cases") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  REQUIRE(embedded_migrations().size() >= 2);
  {
    auto v1 = embedded_migrations().first(1);
    auto store = open_ok(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), v1});
    CHECK(*store->schema_version() == 1);
    Deployed org = sunlit::test::ok(store->deploy_organisation("city", "name: city\n", "admin", 10));
    std::int64_t def =
        sunlit::test::ok(store->deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 20)).id;
    CaseChange c;
    c.year = 2026;
    c.events.push_back(Event{"", 0, 0, 100, "clerk1", "clerk", "opened", "{}"});
    c.row.definition_id = def;
    c.row.power_code = "L-001";
    c.row.party = "Acme Ltd";
    c.row.opened_at = 100;
    c.row.updated_at = 100;
    c.row.open_steps = {{"accept", "clerk", "licensing", 100, std::nullopt, ""}};
    // A version-1 file has no clock columns: commit writes them, so it must fail cleanly here.
    CHECK(!store->commit(c).ok());
  }
  {
    // Make the version-1 case the way the version-1 build did, with raw SQL.
    sql::Db db;
    REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload) VALUES "
                    "('2026-000001', 1, 1, 100, 'clerk1', 'clerk', 'opened', '{}');"
                    "INSERT INTO cases (id, definition_id, power_code, party, opened_at, status, outcome, version, "
                    "snapshot, updated_at) VALUES ('2026-000001', 1, 'L-001', 'Acme Ltd', 100, 'open', '', 1, '{}', 100);"
                    "INSERT INTO open_steps (case_id, step, post, department, since) VALUES "
                    "('2026-000001', 'accept', 'clerk', 'licensing', 100);")
                .ok());
  }
  auto store = open_ok(path);
  CHECK(*store->schema_version() == static_cast<int>(embedded_migrations().size()));
  CaseRow row = sunlit::test::ok(store->load_case("2026-000001"));
  CHECK(row.party == "Acme Ltd");
  CHECK(row.version == 1);
  CHECK(!row.due);
  CHECK(row.warning.empty());
  REQUIRE(row.open_steps.size() == 1);
  CHECK(row.open_steps[0].step == "accept");
  CHECK(!row.open_steps[0].due);
  CHECK(sunlit::test::ok(store->events("2026-000001")).size() == 1);
  CHECK(sunlit::test::ok(store->case_timers("2026-000001")).empty());
  CHECK(!sunlit::test::ok(store->next_due()));
}

TEST_CASE("a path that cannot be opened gives a clear io error") {
  TempDir dir;
  SECTION("missing folder") {
    const std::string path = dir.file("no/such/folder/sunlit.db");
    auto r = Store::open(path);
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::io);
    CHECK_THAT(r.error().message, Catch::Contains(path));
  }
  SECTION("a folder, not a file") {
    auto r = Store::open(dir.path);
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::io);
    CHECK_THAT(r.error().message, Catch::Contains(dir.path));
  }
  SECTION("no path") {
    auto r = Store::open("");
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::invalid);
  }
  SECTION("a read-only file") {
    const std::string path = dir.file("sunlit.db");
    open_ok(path);
    REQUIRE(chmod(path.c_str(), 0444) == 0);
    REQUIRE(chmod(dir.path.c_str(), 0755) == 0);
    auto refused = [&path] {
      auto r = Store::open(path);
      return !r.ok() && r.error().kind == StoreError::io &&
             r.error().message.find(path + " is read-only") != std::string::npos;
    };
    if (geteuid() != 0) {
      CHECK(refused());
      return;
    }
    // Root writes read-only files anyway: try as the unprivileged user `nobody`, in a child process.
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) _exit(setgid(65534) == 0 && setuid(65534) == 0 && refused() ? 0 : 1);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
}
