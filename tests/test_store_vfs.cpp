// The store's VFS (engine/store_vfs.h) coalesces WAL writes without changing what anyone sees:
// every commit is visible at once to other connections, many commits (and checkpoints) and a
// large transaction read back whole, and a commit of several frames costs one write of the WAL.
#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/sqlite.h"
#include "engine/store_vfs.h"
#include "tests/store_fixture.h"
#include "tests/support.h"

using namespace sunlit;
using namespace sunlit::test;

namespace {

StoreOptions with(Durability durability) {
  StoreOptions options;
  options.durability = durability;
  return options;
}

// One integer from a raw connection on the default VFS.
std::int64_t query_int(const std::string& path, const std::string& sql) {
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  sql::Statement st = db.prepare(sql);
  REQUIRE(st.step().row());
  return st.int64(0);
}

std::string integrity(const std::string& path) {
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_only).ok());
  sql::Statement st = db.prepare("PRAGMA integrity_check");
  REQUIRE(st.step().row());
  return st.text(0);
}

// Every case has its two events, in order.
void check_cases(Store& store, size_t expected) {
  auto ids = ok(store.all_case_ids());
  REQUIRE(ids.size() == expected);
  for (const auto& id : ids) {
    auto events = ok(store.events(id));
    REQUIRE(events.size() == 2);
    CHECK(events[0].kind == "opened");
    CHECK(events[1].kind == "entered");
  }
}

std::uint64_t wal_writes() { return store_vfs::counters().wal_writes; }

}  // namespace

TEST_CASE("the store opens its connection through the sunlit VFS") {
  REQUIRE(store_vfs::name() != nullptr);
  CHECK(std::string(store_vfs::name()) == "sunlit");
  TempDir dir;
  auto store = ok(Store::open(dir.file("sunlit.db")));
  std::uint64_t before = wal_writes();
  ok(store->commit(opening(deploy(*store), 100)));
  CHECK(wal_writes() > before);
}

TEST_CASE("every commit is visible at once to another store and to a raw reader") {
  const Durability durability = GENERATE(Durability::full, Durability::normal);
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  auto a = ok(Store::open(path, with(durability)));
  auto b = ok(Store::open(path, with(durability)));
  std::int64_t def = deploy(*a);
  sql::Db raw;  // the default VFS, as another process would read
  REQUIRE(raw.open(path, sql::OpenMode::read_only).ok());
  const std::uint64_t late = store_vfs::counters().barrier_flushes;
  for (int i = 0; i < 20; ++i) {
    Store& writer = i % 2 == 0 ? *a : *b;
    Store& reader = i % 2 == 0 ? *b : *a;
    std::string id = ok(writer.commit(opening(def, 100 + i))).case_id;
    REQUIRE(ok(reader.events(id)).size() == 2);
    REQUIRE(ok(reader.load_case(id)).id == id);
    sql::Statement count = raw.prepare("SELECT count(*) FROM events");
    REQUIRE(count.step().row());
    CHECK(count.int64(0) == 2 * (i + 1));
  }
  CHECK(store_vfs::counters().barrier_flushes == late);  // each commit's bytes were written by then
}

TEST_CASE("3000 commits, through several checkpoints, read back whole after reopening") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  {
    auto store = ok(Store::open(path, with(Durability::normal)));
    std::int64_t def = deploy(*store);
    for (int i = 0; i < 3000; ++i) ok(store->commit(opening(def, 1000 + i)));
    // Some 15,000 frames went through a WAL checkpointed and restarted at 1000 frames.
    CHECK(std::filesystem::file_size(path + "-wal") < 2000u * (4096 + 24));
  }
  auto store = ok(Store::open(path));
  check_cases(*store, 3000);
  CHECK(integrity(path) == "ok");
  CHECK(query_int(path, "SELECT count(*) FROM events") == 6000);
}

TEST_CASE("a transaction larger than the write buffer and the page cache reads back whole") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  const std::string payload = R"({"party":")" + std::string(1500, 'x') + R"("})";
  {
    auto store = ok(Store::open(path, with(Durability::normal)));
    std::int64_t def = deploy(*store);
    std::vector<CaseChange> changes;
    for (int i = 0; i < 2000; ++i) changes.push_back(opening(def, 1000 + i, payload));
    auto results = ok(store->commit_each(changes));  // ~6 MB in one transaction
    for (const auto& r : results) REQUIRE(r.ok());
  }
  auto store = ok(Store::open(path));
  check_cases(*store, 2000);
  CHECK(integrity(path) == "ok");
}

TEST_CASE("a commit of several WAL frames makes one write of the WAL, not two per frame") {
  const Durability durability = GENERATE(Durability::full, Durability::normal, Durability::group);
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  auto store = ok(Store::open(path, with(durability)));
  std::int64_t def = deploy(*store);
  for (int i = 0; i < 3; ++i) ok(store->commit(opening(def, 100 + i)));  // the WAL has its header
  const auto frame = static_cast<std::uintmax_t>(4096 + 24);
  const std::uintmax_t size_before = std::filesystem::file_size(path + "-wal");
  const std::uint64_t writes_before = wal_writes();
  const std::uint64_t late = store_vfs::counters().barrier_flushes;
  const int commits = 20;
  for (int i = 0; i < commits; ++i) {
    const std::uintmax_t size = std::filesystem::file_size(path + "-wal");
    const std::uint64_t writes = wal_writes();
    ok(store->commit(opening(def, 200 + i)));
    REQUIRE(std::filesystem::file_size(path + "-wal") - size >= 3 * frame);  // several frames
    CHECK(wal_writes() - writes == 1);
  }
  const std::uintmax_t frames = (std::filesystem::file_size(path + "-wal") - size_before) / frame;
  INFO(frames << " frames in " << wal_writes() - writes_before << " writes");
  CHECK(wal_writes() - writes_before == commits);
  CHECK(store_vfs::counters().barrier_flushes == late);
  CHECK(query_int(path, "SELECT count(*) FROM events") == 2 * (3 + commits));
}
