// A case stays on the version it opened with, even when a later, stricter validator would refuse
// that version: the shipped reconsideration process as first deployed (its deemed acceptance led
// to a choice on an unset field, now the error unset-field-at-choice) still loads, opens, shows and
// replays; a stored version that no longer loads for any other error is still refused, named.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/fast_replay.h"
#include "engine/service.h"
#include "engine/validator.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::data_path;
using sunlit::test::TempDir;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string repo(const std::string& p) { return std::string(SUNLIT_SOURCE_DIR) + "/" + p; }

}  // namespace

TEST_CASE("stored_version_runs tolerates only the soundness rules added after deployment") {
  Diagnostics d;
  CHECK(stored_version_runs(d));
  d.warning("p.yaml", {}, "no-supervision", "a warning");
  CHECK(stored_version_runs(d));
  d.error("p.yaml", {}, "unset-field-at-choice", "field 'procedure' may be unset");
  CHECK(stored_version_runs(d));
  d.error("p.yaml", {}, "unknown-post", "post 'nobody' is not in the organisation");
  CHECK_FALSE(stored_version_runs(d));
}

TEST_CASE("cases of a version deployed before unset-field-at-choice existed keep running") {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  CaseService svc(*store, clock);
  // As deployed by an older sunlit: straight into the store, no validator in between.
  Instant t = clock.now();
  auto org = test::ok(store->deploy_organisation("xicheng", read(repo("processes/xicheng.org.yaml")), "designer", t));
  test::ok(store->deploy_definition("XC-SF-CJ-001", read(data_path("stored/reconsideration-v1.yaml")), org.id,
                                    "designer", t));
  // Today's validator refuses that text…
  Diagnostics d;
  auto refused = svc.deploy({repo("processes/xicheng.org.yaml"), data_path("stored/reconsideration-v1.yaml")},
                            "designer", d);
  CHECK(std::holds_alternative<CaseError>(refused));
  CHECK(d.render().find("error: field 'procedure' may be unset when choice 'choose_procedure' is reached") != std::string::npos);
  // …but the stored version still runs its cases.
  auto opened = svc.open("XC-SF-CJ-001", "张三", {}, "");
  if (auto* e = std::get_if<CaseError>(&opened)) FAIL(e->message);
  std::string id = std::get<CaseView>(opened).id;
  CHECK(std::holds_alternative<CaseView>(svc.show(id)));
  auto replayed = svc.replay(id, std::nullopt);
  REQUIRE(std::holds_alternative<ReplayReport>(replayed));
  CHECK(std::get<ReplayReport>(replayed).differences.empty());
}

TEST_CASE("a stored version broken in any other way is refused, named") {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  CaseService svc(*store, clock);
  Instant t = clock.now();
  auto org = test::ok(store->deploy_organisation("town", read(data_path("cases/town.org.yaml")), "designer", t));
  std::string yaml = read(data_path("cases/shop.yaml"));
  auto at = yaml.find("post: reviewer");
  REQUIRE(at != std::string::npos);
  yaml.replace(at, 14, "post: reviewr");
  test::ok(store->deploy_definition("T-1", yaml, org.id, "designer", t));
  auto opened = svc.open("T-1", "Shop Ltd", {}, "");
  REQUIRE(std::holds_alternative<CaseError>(opened));
  CHECK(std::get<CaseError>(opened).message.rfind("stored definition T-1 version 1 no longer validates:\n", 0) == 0);
}
