// The timer service's decisions: how long it sleeps, and that one wake-up fires what is due.
#include <catch2/catch.hpp>

#include "engine/serve.h"
#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using namespace std::chrono_literals;
using sunlit::test::TempDir;

TEST_CASE("the service sleeps until the next timer, at most the poll interval") {
  CHECK(serve_delay(std::nullopt, 1000, 1000ms) == 1000ms);  // nothing pending: poll
  CHECK(serve_delay(1000, 1000, 1000ms) == 0ms);              // due now
  CHECK(serve_delay(900, 1000, 1000ms) == 0ms);               // overdue
  CHECK(serve_delay(1001, 1000, 5000ms) == 1000ms);           // one second away
  CHECK(serve_delay(1003, 1000, 5000ms) == 3000ms);
  CHECK(serve_delay(1000 + 86400, 1000, 1000ms) == 1000ms);   // tomorrow: still look every second
}

TEST_CASE("one wake-up fires the due timers in due order and then sleeps until the next") {
  TempDir dir;
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  FixedClock clock(*parse_instant("2026-03-02T09:00"));
  {
    CaseService svc(*store, clock);
    Diagnostics diags;
    auto d = svc.deploy({test::data_path("cases/town.org.yaml"), test::data_path("cases/clock.yaml")}, "t", diags);
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(d));
    REQUIRE(std::holds_alternative<CaseView>(svc.open("T-2", "Shop Ltd", {}, "ann")));
  }
  std::vector<std::string> out, err;
  Server server(*store, clock, ServeOptions{1000ms, 1000},
                ServeLog{[&](const std::string& l) { out.push_back(l); }, [&](const std::string& l) { err.push_back(l); }});
  CHECK(server.wake() == 1000ms);  // nothing due at opening time
  CHECK(out.empty());
  clock.set(*parse_instant("2026-03-10T09:00"));
  CHECK(server.wake() == 1000ms);  // next timer (13 March) is days away: poll again in a second
  REQUIRE(out.size() == 1);
  CHECK(out[0] == "2026-000001 accept: elapsed (due 2026-03-10T00:00:00+08:00)");
  CHECK(server.fired() == 1);
  CHECK(err.empty());
}
