// A timer tick writes each round of due timers in one transaction (issue 6 item 6: the tick with
// several timers due was one durable commit per timer). Atomicity: a failure before the round's
// commit keeps nothing of any case, and the next tick fires every timer exactly once. Isolation:
// Store::commit_each refuses a change whose case moved on, alone, and keeps the others whole.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

Instant at(const char* text) {
  auto t = parse_instant(text);
  REQUIRE(t);
  return *t;
}

// The clock fixture deployed; `n` T-2 cases opened Mon 2025-09-22 09:00, whose accept steps'
// deemed acceptance is due Mon Sept 29 00:00.
struct Env {
  TempDir dir;
  FixedClock clock{at("2025-09-22T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;
  std::vector<std::string> ids;

  explicit Env(int n) {
    store = test::ok(Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/clock.yaml")}, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
    for (int i = 0; i < n; ++i) {
      auto v = svc->open("T-2", "Shop Ltd", {}, "");
      REQUIRE(std::holds_alternative<CaseView>(v));
      ids.push_back(std::get<CaseView>(v).id);
    }
  }
  Served<TickReport> tick(const char* when) {
    clock.set(at(when));
    return svc->tick(at(when));
  }
  int count(const std::string& id, const std::string& kind) {
    int n = 0;
    for (const auto& e : test::ok(store->events(id))) n += e.kind == kind;
    return n;
  }
  // Every case's version, events and pending timers, as text.
  std::string state() {
    std::string out;
    for (const auto& id : ids) {
      CaseRow row = test::ok(store->load_case(id));
      out += fmt::format("{} v{} {} events {} timers {};", id, row.version, test::ok(store->events(id)).size(),
                         test::ok(store->case_timers(id)).size(), row.snapshot.size());
    }
    return out;
  }
};

}  // namespace

TEST_CASE("a tick's round is one transaction: a failure before its commit keeps nothing of any case") {
  auto point = GENERATE(FaultPoint::after_events, FaultPoint::after_timers, FaultPoint::before_commit);
  Env env(5);
  const std::string before = env.state();
  env.store->fail_next_commit_at(point);
  auto failed = env.tick("2025-10-09T10:00");
  REQUIRE(std::holds_alternative<CaseError>(failed));
  CHECK_THAT(std::get<CaseError>(failed).message, Catch::Contains("injected fault"));
  CHECK(env.state() == before);  // no case has the deemed acceptance, its event, timers or snapshot
  for (const auto& id : env.ids) CHECK(env.count(id, "elapsed") == 0);
  // The next tick fires every timer once, in one round.
  auto again = env.tick("2025-10-09T10:00");
  REQUIRE(std::holds_alternative<TickReport>(again));
  CHECK(std::get<TickReport>(again).fired == 5);
  CHECK(std::get<TickReport>(again).lines.front() == "2025-000001 accept: elapsed (due 2025-09-29T00:00:00+08:00)");
  CHECK(std::get<TickReport>(again).lines.back() == "2025-000005 accept: elapsed (due 2025-09-29T00:00:00+08:00)");
  for (const auto& id : env.ids) CHECK(env.count(id, "elapsed") == 1);
  REQUIRE(std::holds_alternative<TickReport>(env.tick("2025-10-09T10:00")));
  CHECK(std::get<TickReport>(env.tick("2025-10-09T10:00")).fired == 0);
}

TEST_CASE("commit_each keeps every change whole and refuses the one whose case moved on, alone") {
  Env env(3);
  // Changes computed from the stored rows, as a tick computes them: one more event each.
  std::vector<CaseChange> changes;
  for (const auto& id : env.ids) {
    CaseRow row = test::ok(env.store->load_case(id));
    CaseChange c;
    c.case_id = id;
    c.expected_version = row.version;
    Event e;
    e.at = at("2025-09-23T10:00");
    e.actor = "system";
    e.kind = "warned";
    c.events.push_back(e);
    c.row = row;
    c.row.open_steps.clear();
    changes.push_back(c);
  }
  // Case 2 moves on after its change was computed (another process fired something first).
  env.clock.set(at("2025-09-23T09:00"));
  auto moved = env.svc->advance(env.ids[1], {"accept", "ann", "", {}, ""});
  REQUIRE(std::holds_alternative<CaseView>(moved));
  const CaseRow second = test::ok(env.store->load_case(env.ids[1]));
  const auto second_events = test::ok(env.store->events(env.ids[1])).size();

  auto written = test::ok(env.store->commit_each(changes));
  REQUIRE(written.size() == 3);
  CHECK(written[0].ok());
  CHECK(written[2].ok());
  REQUIRE_FALSE(written[1].ok());
  CHECK(written[1].error().kind == StoreError::conflict);
  CHECK(written[1].error().message ==
        fmt::format("case {} changed since you loaded it (version 1, now 2); reload and try again", env.ids[1]));
  // Cases 1 and 3: the event, the new version and the row (no open step) together.
  for (std::size_t i : {0u, 2u}) {
    CHECK(env.count(env.ids[i], "warned") == 1);
    CaseRow row = test::ok(env.store->load_case(env.ids[i]));
    CHECK(row.version == 2);
    CHECK(row.open_steps.empty());
  }
  // Case 2: exactly as the other process left it.
  CHECK(env.count(env.ids[1], "warned") == 0);
  CHECK(test::ok(env.store->events(env.ids[1])).size() == second_events);
  CaseRow now = test::ok(env.store->load_case(env.ids[1]));
  CHECK(now.version == second.version);
  CHECK(now.snapshot == second.snapshot);
  REQUIRE(now.open_steps.size() == 1);
  CHECK(now.open_steps[0].step == second.open_steps[0].step);
  // An empty batch commits nothing and answers nothing.
  CHECK(test::ok(env.store->commit_each({})).empty());
}
