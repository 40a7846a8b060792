// The runtime on a small but complete flowchart: choice, parallel joint review, hearing wait,
// two-official review, separation of duty, withdrawal, and replay from events alone.
#include <catch2/catch.hpp>

#include "engine/compiler.h"
#include "engine/loader.h"
#include "engine/runtime.h"
#include "engine/validator.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

std::string fixture(const std::string& name) {
  std::string why;
  auto text = read_text_file(std::string(SUNLIT_SOURCE_DIR) + "/tests/data/cases/" + name, &why);
  INFO(why);
  REQUIRE(text);
  return *text;
}

std::shared_ptr<const CompiledProcess> compiled() {
  Diagnostics d;
  auto org = load_document(fixture("town.org.yaml"), "town.org.yaml", d).organisation;
  auto proc = load_document(fixture("shop.yaml"), "shop.yaml", d).process;
  REQUIRE(org);
  REQUIRE(proc);
  validate_organisation(*org, d);
  validate_process(*proc, &*org, d);
  INFO(d.render());
  REQUIRE(d.error_count() == 0);
  return compile(*proc, *org);
}

// Applies events in order, as the store would after committing them.
void commit(CaseState& s, const Decision& d) {
  REQUIRE(std::holds_alternative<std::vector<CaseEvent>>(d));
  for (auto e : std::get<std::vector<CaseEvent>>(d)) {
    e.seq = s.last_seq + 1;
    std::string why;
    INFO(why);
    REQUIRE(apply(s, e, &why));
  }
}

std::vector<std::string> open_steps(const CaseState& s) {
  std::vector<std::string> v;
  for (const auto& t : s.open) v.push_back(t.step);
  return v;
}

CaseError error_of(const Decision& d) {
  REQUIRE(std::holds_alternative<CaseError>(d));
  return std::get<CaseError>(d);
}

CaseState opened(const CompiledProcess& cp) {
  CaseState s;
  s.id = "2026-000001";
  commit(s, open_case(cp, 1, 1, "Shop Ltd", {}, "party", 1000));
  return s;
}

}  // namespace

TEST_CASE("a case opens at the start step") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  CHECK(open_steps(s) == std::vector<std::string>{"accept"});
  CHECK(s.party == "Shop Ltd");
  CHECK(s.last_seq == 2);  // opened + entered
}

TEST_CASE("a large shop goes to joint review, and the join waits for both departments") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  commit(s, advance(*cp, s, {"accept", "ann", "", {{"area", "150"}}, ""}, 2000));
  CHECK(open_steps(s) == std::vector<std::string>{"joint_review", "fire_check"});
  commit(s, advance(*cp, s, {"done", "fay", "fire_check", {}, ""}, 3000));
  CHECK(open_steps(s) == std::vector<std::string>{"joint_review"});
  CHECK(s.arrived.at("joined") == std::vector<std::string>{"fire_check"});
  commit(s, advance(*cp, s, {"done", "bob", "joint_review", {}, ""}, 4000));  // first signature
  CHECK(open_steps(s) == std::vector<std::string>{"joint_review"});
  commit(s, advance(*cp, s, {"done", "cy", "joint_review", {}, ""}, 5000));  // second official
  CHECK(open_steps(s) == std::vector<std::string>{"hearing_window"});
  CHECK(s.arrived.empty());
}

TEST_CASE("a small shop skips joint review") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  commit(s, advance(*cp, s, {"accept", "ann", "", {{"area", "40"}}, ""}, 2000));
  CHECK(open_steps(s) == std::vector<std::string>{"review"});
}

TEST_CASE("an official outside the step's post is refused, as a refusal") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  auto e = error_of(advance(*cp, s, {"accept", "bob", "", {{"area", "40"}}, ""}, 2000));
  CHECK(e.refusal());
  CHECK(e.message == "official 'bob' does not hold post 'intake', which owns step 'accept'");
}

TEST_CASE("separation of duty: the reviewer may not decide; one official cannot sign twice") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  commit(s, advance(*cp, s, {"accept", "ann", "", {{"area", "40"}}, ""}, 2000));
  commit(s, advance(*cp, s, {"done", "cy", "", {}, ""}, 3000));
  auto twice = error_of(advance(*cp, s, {"done", "cy", "", {}, ""}, 3100));
  CHECK(twice.kind == CaseError::separation);
  CHECK(twice.message == "step 'review' needs two different officials; 'cy' has already signed it (art. 34)");
  commit(s, advance(*cp, s, {"done", "bob", "", {}, ""}, 3200));
  commit(s, advance(*cp, s, {"request_hearing", "ann", "", {}, ""}, 3300));
  auto e = error_of(advance(*cp, s, {"grant", "cy", "", {}, ""}, 4000));
  CHECK(e.kind == CaseError::separation);
  CHECK(e.message == "separation of duty: 'cy' handled step 'review' of this case and may not act on step 'decide' (rule 1)");
  commit(s, advance(*cp, s, {"grant", "dee", "", {}, ""}, 4100));
  CHECK(s.closed);
  CHECK(s.outcome == "granted");
  CHECK(error_of(advance(*cp, s, {"grant", "dee", "", {}, ""}, 4200)).message ==
        "case 2026-000001 is closed (outcome: granted); no action is possible");
}

TEST_CASE("bad commands name the problem precisely") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  CHECK(error_of(advance(*cp, s, {"acept", "ann", "", {}, ""}, 1)).message ==
        "no open step offers action 'acept'; did you mean 'accept'?; possible actions: accept, withdraw");
  CHECK(error_of(advance(*cp, s, {"accept", "anne", "", {}, ""}, 1)).message ==
        "unknown official 'anne'; did you mean 'ann'?");
  CHECK(error_of(advance(*cp, s, {"accept", "ann", "reveiw", {}, ""}, 1)).message ==
        "unknown step 'reveiw'; did you mean 'review'?");
  CHECK(error_of(advance(*cp, s, {"accept", "ann", "review", {}, ""}, 1)).message ==
        "step 'review' is not open; open steps: accept");
  CHECK(error_of(advance(*cp, s, {"accept", "ann", "", {{"aera", "5"}}, ""}, 1)).message ==
        "unknown field 'aera'; did you mean 'area'?");
  CHECK(error_of(advance(*cp, s, {"accept", "ann", "", {{"area", "big"}}, ""}, 1)).kind == CaseError::bad_value);
  CHECK(error_of(advance(*cp, s, {"accept", "ann", "", {}, ""}, 1)).message ==
        "action 'accept' needs a value for: area (use --set field=value)");
}

TEST_CASE("action names shared by open steps need --step") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  commit(s, advance(*cp, s, {"accept", "ann", "", {{"area", "150"}}, ""}, 2000));
  CHECK(error_of(advance(*cp, s, {"done", "fay", "", {}, ""}, 1)).message ==
        "action 'done' is offered by several open steps (joint_review, fire_check); say which with --step");
}

TEST_CASE("withdrawal cancels every open branch and closes the case") {
  auto cp = compiled();
  CaseState s = opened(*cp);
  commit(s, advance(*cp, s, {"accept", "ann", "", {{"area", "150"}}, ""}, 2000));
  commit(s, advance(*cp, s, {"withdraw", "ann", "", {}, "party asked"}, 3000));
  CHECK(s.closed);
  CHECK(s.outcome == "withdrawn");
  CHECK(s.open.empty());
}

TEST_CASE("events alone rebuild the same state, and the snapshot round-trips through JSON") {
  auto cp = compiled();
  CaseState live = opened(*cp);
  std::vector<CaseEvent> log;
  auto run = [&](const Decision& d) {
    for (auto e : std::get<std::vector<CaseEvent>>(d)) {
      e.seq = live.last_seq + 1;
      REQUIRE(apply(live, e, nullptr));
      log.push_back(e);
    }
  };
  CaseState start;
  start.id = live.id;
  log.clear();
  live = start;
  run(open_case(*cp, 1, 1, "Shop Ltd", {{"fee", "12.30"}}, "party", 1000));
  run(advance(*cp, live, {"accept", "ann", "", {{"area", "150"}}, ""}, 2000));
  run(advance(*cp, live, {"done", "fay", "fire_check", {}, ""}, 3000));
  CaseState replayed = start;
  for (const auto& e : log) REQUIRE(apply(replayed, e, nullptr));
  CHECK(to_json(replayed) == to_json(live));
  auto back = state_from_json(to_json(live));
  REQUIRE(back);
  CHECK(to_json(*back) == to_json(live));
  CHECK(live.data.at("fee") == "12.30");
}

TEST_CASE("apply refuses an event that does not fit") {
  CaseState s;
  std::string why;
  CHECK_FALSE(apply(s, CaseEvent{1, 0, "x", "", "acted", {{"step", "nowhere"}}}, &why));
  CHECK(why == "acted on step 'nowhere', which is not open");
  CHECK_FALSE(apply(s, CaseEvent{5, 0, "x", "", "opened", {}}, &why));
  CHECK(why == "event 5 follows event 0");
}
