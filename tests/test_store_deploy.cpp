// Deployment: immutable versions 1..n per power, idempotent by content.
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

std::unique_ptr<Store> open_ok(const std::string& path) {
  auto r = Store::open(path);
  if (!r) FAIL(r.error().message);
  return std::move(*r);
}

const std::string kOrg = "name: city\nposts: [clerk, reviewer]\n";
const std::string kV1 = "power: {code: L-001}\nsteps: [accept]\n";
const std::string kV2 = "power: {code: L-001}\nsteps: [accept, review]\n";

}  // namespace

TEST_CASE("organisations and definitions deploy as numbered, immutable versions") {
  TempDir dir;
  auto store = open_ok(dir.file("sunlit.db"));
  Deployed org = ok(store->deploy_organisation("city", kOrg, "admin", 1000));
  CHECK(org.created);
  CHECK(org.id > 0);

  Deployed v1 = ok(store->deploy_definition("L-001", kV1, org.id, "designer", 1100));
  Deployed v2 = ok(store->deploy_definition("L-001", kV2, org.id, "designer", 1200));
  Deployed other = ok(store->deploy_definition("P-007", kV1, org.id, "designer", 1300));
  CHECK(v1.version == 1);
  CHECK(v2.version == 2);
  CHECK(other.version == 1);  // versions count per power code
  CHECK(v1.created);
  CHECK(v2.created);

  auto all = ok(store->versions("L-001"));
  REQUIRE(all.size() == 2);
  CHECK(all[0].version == 1);
  CHECK(all[0].yaml == kV1);
  CHECK(all[0].deployed_by == "designer");
  CHECK(all[0].deployed_at == 1100);
  CHECK(all[0].organisation_id == org.id);
  CHECK(all[0].content_hash.rfind("sha1:", 0) == 0);
  CHECK(all[0].content_hash.size() == 45);
  CHECK(all[0].content_hash != all[1].content_hash);

  CHECK(ok(store->latest("L-001")).version == 2);
  CHECK(ok(store->definition("L-001", 1)).yaml == kV1);
  CHECK(ok(store->definition_by_id(v2.id)).yaml == kV2);
  OrganisationRecord rec = ok(store->organisation_by_id(org.id));
  CHECK(rec.name == "city");
  CHECK(rec.yaml == kOrg);
  CHECK(rec.deployed_by == "admin");
}

TEST_CASE("deploying identical content again returns the existing version") {
  TempDir dir;
  auto store = open_ok(dir.file("sunlit.db"));
  Deployed org = ok(store->deploy_organisation("city", kOrg, "admin", 1000));
  Deployed again = ok(store->deploy_organisation("city", kOrg, "someone else", 2000));
  CHECK(!again.created);
  CHECK(again.id == org.id);
  CHECK(ok(store->organisation_by_id(org.id)).deployed_by == "admin");

  Deployed v1 = ok(store->deploy_definition("L-001", kV1, org.id, "designer", 1100));
  Deployed v1again = ok(store->deploy_definition("L-001", kV1, org.id, "designer", 3000));
  CHECK(!v1again.created);
  CHECK(v1again.id == v1.id);
  CHECK(v1again.version == 1);
  CHECK(ok(store->versions("L-001")).size() == 1);
  CHECK(ok(store->latest("L-001")).deployed_at == 1100);
}

TEST_CASE("unknown powers, versions and organisations are not_found") {
  TempDir dir;
  auto store = open_ok(dir.file("sunlit.db"));
  auto none = store->versions("X-404");
  REQUIRE(!none.ok());
  CHECK(none.error().kind == StoreError::not_found);
  CHECK_THAT(none.error().message, Catch::Contains("X-404"));
  CHECK(store->latest("X-404").error().kind == StoreError::not_found);
  CHECK(store->definition_by_id(99).error().kind == StoreError::not_found);
  CHECK(store->organisation_by_id(99).error().kind == StoreError::not_found);

  auto orphan = store->deploy_definition("L-001", kV1, 42, "designer", 1);
  REQUIRE(!orphan.ok());
  CHECK(orphan.error().kind == StoreError::not_found);
  CHECK_THAT(orphan.error().message, Catch::Contains("organisation") && Catch::Contains("42"));

  Deployed org = ok(store->deploy_organisation("city", kOrg, "admin", 1000));
  ok(store->deploy_definition("L-001", kV1, org.id, "designer", 1100));
  auto v9 = store->definition("L-001", 9);
  REQUIRE(!v9.ok());
  CHECK(v9.error().kind == StoreError::not_found);
  CHECK_THAT(v9.error().message, Catch::Contains("L-001") && Catch::Contains("9"));
}

TEST_CASE("deployed rows cannot be changed or deleted, even by hand") {
  TempDir dir;
  const std::string path = dir.file("sunlit.db");
  {
    auto store = open_ok(path);
    Deployed org = ok(store->deploy_organisation("city", kOrg, "admin", 1000));
    ok(store->deploy_definition("L-001", kV1, org.id, "designer", 1100));
  }
  sql::Db db;
  REQUIRE(db.open(path, sql::OpenMode::read_write_create).ok());
  auto refused = [&](const std::string& statement, const std::string& why) {
    sql::Status s = db.exec(statement);
    CHECK(s.rc == sql::Rc::constraint);
    CHECK_THAT(s.message, Catch::Contains(why));
  };
  refused("UPDATE organisations SET yaml = 'x'", "immutable");
  refused("DELETE FROM organisations", "immutable");
  refused("UPDATE definitions SET yaml = 'x'", "immutable");
  refused("DELETE FROM definitions", "immutable");
  refused("INSERT INTO definitions (power_code, version, content_hash, yaml, organisation_id, deployed_at, "
          "deployed_by) VALUES ('L-001', 5, 'h', 'y', 1, 0, 'me')",
          "without gaps");
}
