// The statutory clock on the shipped flowcharts (processes/), where a case limit can start at a
// routing node: the License's 20 working days run `from: joint_review`, a parallel split,
// `until: decide` (License Law art. 42 para. 1).
#include <catch2/catch.hpp>

#include "engine/compiler.h"
#include "engine/replay.h"
#include "engine/runtime.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

std::shared_ptr<const CompiledProcess> license() {
  Workspace ws = load_workspace({std::string(SUNLIT_SOURCE_DIR) + "/processes"});
  INFO(ws.diags.render());
  REQUIRE(ws.diags.error_count() == 0);
  REQUIRE(ws.organisations.size() == 1);
  for (const auto& p : ws.processes)
    if (p.power.code == "XC-SJ-XK-001") return compile(p, ws.organisations.front());
  FAIL("no XC-SJ-XK-001 in processes/");
  return nullptr;
}

Instant at(const char* text) { return *parse_instant(text); }

std::vector<CaseEvent> commit(CaseState& s, const Decision& d) {
  if (auto* e = std::get_if<CaseError>(&d)) FAIL(e->message);
  auto events = std::get<std::vector<CaseEvent>>(d);
  for (auto& e : events) {
    e.seq = s.last_seq + 1;
    std::string why;
    REQUIRE(apply(s, e, &why));
  }
  return events;
}

}  // namespace

TEST_CASE("the License's case clock starts at the joint-review split and replays with it") {
  auto cp = license();
  CaseState s;
  std::vector<CaseEvent> log = commit(s, open_case(*cp, 1, 1, "北京某某餐饮有限公司",
                                                   {{"applicant_type", "organisation"}, {"major_interest", "false"},
                                                    {"materials", "申请书"}},
                                                   "wang_fang", at("2026-03-02T09:00")));
  CHECK(s.clock.status == CaseClock::Status::none);  // the clock waits for acceptance
  Command accept{"accept", "wang_fang", "", {{"accepted_on", "2026-03-03"}}, ""};
  for (auto& e : commit(s, advance(*cp, s, accept, at("2026-03-03T10:00")))) log.push_back(e);
  REQUIRE(s.clock.status == CaseClock::Status::running);
  // 20 working days after Tue 2026-03-03 (not counted): Mar 4-6 (3), 9-13 (8), 16-20 (13),
  // 23-27 (18), Mar 30-31 (20): due at 24:00 Tue 2026-03-31. No holiday in March 2026.
  CHECK(s.clock.due == at("2026-04-01T00:00"));
  auto started = std::find_if(log.begin(), log.end(), [](const CaseEvent& e) { return e.kind == "clock_started"; });
  REQUIRE(started != log.end());
  CHECK(started->payload["due"] == at("2026-04-01T00:00"));

  Replay r = replay(*cp, log, Calendar::builtin(), std::nullopt, at("2026-03-06T12:00"));
  REQUIRE_FALSE(r.error);
  CHECK(to_json(r.state) == to_json(s));
  REQUIRE(r.steps.size() >= 3);
  CHECK(r.steps[0].step == "accept");
  CHECK(r.steps[0].how == "accept by wang_fang (market_intake)");
  CHECK(r.steps[0].used == 1);  // entered Mon Mar 2, left Tue Mar 3: one working day after the first
  CHECK(r.steps[0].used_text == "1 of 5 working days");
  REQUIRE(r.entries.size() == 1);
  CHECK(r.entries[0].text == "case clock started, due 2026-04-01T00:00:00+08:00");
}
