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
  SECTION("version 1 opened by a build that knows 2: data kept, 002 applied") {
    {
      auto store = open_ok(path);
      REQUIRE(store->deploy_organisation("city", "name: city\n", "admin", 100).ok());
    }
    auto ms = with({{2, "002_timers", "CREATE TABLE timers (case_id TEXT NOT NULL, due INTEGER NOT NULL) STRICT;"}});
    auto store = open_ok(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    CHECK(*store->schema_version() == 2);
    CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'timers'") == 1);
    CHECK(query_int(path, "SELECT count(*) FROM organisations") == 1);
    // And the older build now refuses it.
    store.reset();
    auto old = Store::open(path);
    REQUIRE(!old.ok());
    CHECK(old.error().kind == StoreError::newer);
  }
  SECTION("a migration that fails leaves the database as it was") {
    open_ok(path);
    auto ms = with({{2, "002_broken", "CREATE TABLE half (x INTEGER); CREATE TABLE oops (;"}});
    auto r = Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    REQUIRE(!r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("002_broken"));
    CHECK(query_int(path, "PRAGMA user_version") == 1);
    CHECK(query_int(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'") == 0);
  }
  SECTION("migrations out of sequence are refused before touching anything") {
    auto ms = with({{3, "003_skips_two", "CREATE TABLE t (x INTEGER);"}});
    auto r = Store::open(path, StoreOptions{Durability::full, std::chrono::milliseconds(1000), ms});
    REQUIRE(!r.ok());
    CHECK(r.error().kind == StoreError::invalid);
    CHECK(!std::filesystem::exists(path));
  }
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
