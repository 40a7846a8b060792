// The case service on a real SQLite file: deployment, cases end to end, refusals recorded
// without changing the case, bad input leaving the database unchanged, rebuild from the log.
#include <catch2/catch.hpp>

#include "engine/service.h"
#include "engine/sqlite.h"
#include "engine/workspace.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

// A database with the shop fixture deployed, and a fixed clock at 2026-03-02 09:00 (Shanghai).
struct Env {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    auto s = Store::open(dir.file("sunlit.db"));
    REQUIRE(s);
    store = std::move(*s);
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml")}, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }

  CaseView ok(Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r);
  }
  CaseError error(Served<CaseView> r) {
    REQUIRE(std::holds_alternative<CaseError>(r));
    return std::get<CaseError>(r);
  }
  size_t event_count(const std::string& id) { return store->events(id)->size(); }
};

std::vector<std::string> steps(const CaseView& v) {
  std::vector<std::string> out;
  for (const auto& o : v.open) out.push_back(o.step);
  return out;
}

}  // namespace

TEST_CASE("deploying the same files again changes nothing; a new content is a new version") {
  Env env;
  Diagnostics d;
  auto again = env.svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml")}, "designer", d);
  const auto& files = std::get<std::vector<DeployedFile>>(again);
  REQUIRE(files.size() == 2);
  CHECK_FALSE(files[0].created);
  CHECK_FALSE(files[1].created);
  CHECK(files[1].version == 1);

  std::string changed = *read_text_file(data_path("cases/shop.yaml"), nullptr);
  changed.replace(changed.find("name: Shop licence"), 18, "name: Shop licence (2026)");
  std::string path = env.dir.write("shop.yaml", changed);
  env.dir.write("town.org.yaml", *read_text_file(data_path("cases/town.org.yaml"), nullptr));
  auto v2 = env.svc->deploy({path}, "designer", d);
  INFO(d.render());
  REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(v2));
  CHECK(std::get<std::vector<DeployedFile>>(v2).back().version == 2);
  auto diff = env.svc->diff("T-1", 1, 2);
  CHECK(std::get<std::vector<std::string>>(diff) ==
        std::vector<std::string>{"~ power name: Shop licence => Shop licence (2026)"});
}

TEST_CASE("a flowchart with errors is not deployed") {
  Env env;
  std::string bad = env.dir.write("bad.yaml", "sunlit: 1\norganisation: town\n");
  Diagnostics d;
  auto r = env.svc->deploy({bad}, "designer", d);
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(std::get<CaseError>(r).message == "nothing deployed: the files have errors");
  CHECK(d.error_count() > 0);
}

TEST_CASE("a case runs end to end with a year-prefixed number") {
  Env env;
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  CHECK(v.id == "2026-000001");
  CHECK(steps(v) == std::vector<std::string>{"accept"});
  CHECK(v.open[0].post == "intake");
  CHECK(v.open[0].actions == std::vector<std::string>{"accept", "withdraw"});
  CHECK(env.ok(env.svc->open("T-1", "Other Ltd", {}, "ann")).id == "2026-000002");

  v = env.ok(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "40"}}, ""}));
  CHECK(steps(v) == std::vector<std::string>{"review"});
  v = env.ok(env.svc->advance(v.id, {"done", "bob", "", {}, ""}));
  CHECK(v.open[0].signatures == std::vector<std::string>{"bob"});
  v = env.ok(env.svc->advance(v.id, {"done", "cy", "", {}, ""}));
  v = env.ok(env.svc->advance(v.id, {"request_hearing", "ann", "", {}, ""}));
  v = env.ok(env.svc->advance(v.id, {"grant", "dee", "", {}, "all in order"}));
  CHECK(v.closed);
  CHECK(v.outcome == "granted");
  CHECK(v.history.empty());  // the write path does not read the history back

  auto shown = env.ok(env.svc->show(v.id));
  CHECK(shown.history.back().summary == "case closed: granted");
  CHECK(shown.data == std::vector<std::pair<std::string, std::string>>{{"area", "40"}});
  auto list = std::get<std::vector<WorkItem>>(env.svc->list({"", "", "T-1", CaseStatus::closed}));
  REQUIRE(list.size() == 1);
  CHECK(list[0].case_id == "2026-000001");
}

TEST_CASE("a refused attempt is recorded but changes nothing else") {
  Env env;
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  size_t before = env.event_count(v.id);
  auto e = env.error(env.svc->advance(v.id, {"accept", "bob", "", {{"area", "40"}}, ""}));
  CHECK(e.kind == CaseError::wrong_post);
  CHECK(env.event_count(v.id) == before + 1);
  auto events = *env.store->events(v.id);
  CHECK(events.back().kind == "refused");
  CHECK(events.back().actor == "bob");
  CaseView after = env.ok(env.svc->show(v.id));
  CHECK(after.version == v.version);
  CHECK(steps(after) == std::vector<std::string>{"accept"});
  // and the next legitimate action is not a conflict
  CHECK(steps(env.ok(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "40"}}, ""}))) ==
        std::vector<std::string>{"review"});
}

TEST_CASE("a service whose remembered state is stale decides on the stored state") {
  Env env;
  CaseService other(*env.store, env.clock);
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));  // env.svc remembers version 1
  env.ok(other.advance(v.id, {"accept", "ann", "", {{"area", "40"}}, ""}));
  size_t before = env.event_count(v.id);
  // Valid on the remembered state, but the case moved on: the version check refuses that commit
  // and the stored state answers, as if nothing had been remembered.
  auto again = env.error(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "41"}}, ""}));
  CHECK(again.message == "no open step offers action 'accept'; possible actions: done, withdraw");
  CHECK(env.event_count(v.id) == before);
  // Invalid on the remembered state, valid on the stored one: taken.
  CaseView r = env.ok(env.svc->advance(v.id, {"done", "bob", "", {}, ""}));
  CHECK(r.version == 3);
  CHECK(r.open[0].signatures == std::vector<std::string>{"bob"});
  // and now remembered: the next step goes straight through
  CHECK(env.ok(env.svc->advance(v.id, {"done", "cy", "", {}, ""})).version == 4);
  std::vector<std::string> actors;  // each action once, in order, nothing duplicated
  auto events = env.store->events(v.id);
  REQUIRE(events);
  for (const auto& e : *events) actors.push_back(e.actor + " " + e.kind);
  CHECK(actors == std::vector<std::string>{"party opened", "party entered", "ann acted", "ann chose", "ann entered",
                                           "bob signed", "cy acted", "cy entered"});
}

TEST_CASE("bad input gets a clear message and leaves the database unchanged") {
  Env env;
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  size_t before = env.event_count(v.id);
  CHECK(env.error(env.svc->advance("2026-999999", {"accept", "ann", "", {}, ""})).message == "unknown case '2026-999999'");
  CHECK(env.error(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "big"}}, ""})).message ==
        "field 'area': 'big' is not a number");
  CHECK(env.error(env.svc->advance(v.id, {"acept", "ann", "", {}, ""})).kind == CaseError::unknown_action);
  CHECK(env.error(env.svc->advance(v.id, {"accept", "nobody", "", {}, ""})).kind == CaseError::unknown_official);
  CHECK(env.error(env.svc->advance(v.id, {"accept", "ann", "nowhere", {}, ""})).kind == CaseError::unknown_step);
  CHECK(env.error(env.svc->open("T-2", "X", {}, "")).message == "no deployed power 'T-2' (deploy its flowchart first)");
  CHECK(env.event_count(v.id) == before);
  CHECK(env.ok(env.svc->show(v.id)).version == v.version);
}

TEST_CASE("rebuild recomputes every snapshot from the log alone") {
  Env env;
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  env.ok(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "150"}}, ""}));
  auto report = std::get<RebuildReport>(env.svc->rebuild());
  CHECK(report.cases == 1);
  CHECK(report.differed.empty());
  {  // damage the derived snapshot behind the engine's back
    sql::Db db;
    REQUIRE(db.open(env.store->path(), sql::OpenMode::read_write_create).ok());
    REQUIRE(db.exec("UPDATE cases SET snapshot = '{}'").ok());
  }
  report = std::get<RebuildReport>(env.svc->rebuild());
  CHECK(report.differed == std::vector<std::string>{v.id});
  CHECK(steps(env.ok(env.svc->show(v.id))) == std::vector<std::string>{"joint_review", "fire_check"});
}

TEST_CASE("an advance after another process changed the case acts on the stored state, not on this service's last one") {
  Env env;  // this service opens and accepts; a second service (another process's connection) signs
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  v = env.ok(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "40"}}, ""}));
  REQUIRE(steps(v) == std::vector<std::string>{"review"});
  auto other_store = Store::open(env.store->path());
  REQUIRE(other_store);
  CaseService other(**other_store, env.clock);
  CaseView signed_once = env.ok(other.advance(v.id, {"done", "bob", "", {}, ""}));
  CHECK(signed_once.open[0].signatures == std::vector<std::string>{"bob"});
  // Review needs two officials: cy's signature completes it only if bob's (made elsewhere) is seen.
  v = env.ok(env.svc->advance(v.id, {"done", "cy", "", {}, ""}));
  CHECK(steps(v) == std::vector<std::string>{"hearing_window"});
  CHECK(v.version == 4);
}
