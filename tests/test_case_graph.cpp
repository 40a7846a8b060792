// A case drawn on its statutory flowchart (issue 5 item 3), through the case service on a real
// SQLite file: the path taken numbered in visit order, the current step filled, an untaken
// branch grey, the deferred choice at a wait purple and named, and (on the clock fixture, whose
// steps have limits) a step done late and a step open past its deadline at `now` in red.
#include <catch2/catch.hpp>

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

// A database with both case fixtures deployed and a settable clock.
struct Env {
  TempDir dir;
  FixedClock clock{at("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    store = test::ok(Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml"), data_path("cases/clock.yaml")},
                         "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }

  std::string open(const char* power, const char* when) {
    clock.set(at(when));
    auto r = svc->open(power, "Shop Ltd", {}, "ann");
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r).id;
  }
  void act(const std::string& id, const char* official, const char* action, const char* when,
           std::vector<std::pair<std::string, std::string>> sets = {}) {
    clock.set(at(when));
    auto r = svc->advance(id, {action, official, "", std::move(sets), ""});
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
  }
  std::string graph(const std::string& id, const char* when) {
    clock.set(at(when));
    auto r = svc->case_graph(id);
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<std::string>(r);
  }
};

bool has(const std::string& dot, const std::string& text) {
  INFO("looking for: " << text);
  return dot.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("a shop licence case on its flowchart: path numbered, current step filled, untaken grey, deferred choice") {
  Env env;
  std::string id = env.open("T-1", "2026-03-02T09:00");
  env.act(id, "ann", "accept", "2026-03-02T10:00", {{"area", "40"}});
  env.act(id, "bob", "done", "2026-03-03T10:00");
  env.act(id, "cy", "done", "2026-03-03T11:00");
  env.act(id, "ann", "request_hearing", "2026-03-04T09:30");
  std::string dot = env.graph(id, "2026-03-05T09:00");
  INFO(dot);

  // The header names the case and the moment it is drawn.
  CHECK(has(dot, "Case 2026-000001 (T-1 version 1), party Shop Ltd: open — as of 2026-03-05 09:00"));
  // The path, numbered in visit order: start, accept, the choice's default, review, the wait.
  CHECK(has(dot, "\"_start\" -> \"accept\" [label=\"(1)\", style=bold, color=\"#1e8449\""));
  CHECK(has(dot, "\"accept\" -> \"route\" [label=\"(2) accept\", style=\"bold\", color=\"#1e8449\""));
  CHECK(has(dot, "\"route\" -> \"review\" [label=\"(3) otherwise\", style=\"bold\", color=\"#1e8449\""));
  CHECK(has(dot, "\"review\" -> \"hearing_window\" [label=\"(4) done\", style=\"bold\", color=\"#1e8449\""));
  // The deferred choice taken at the wait: the party's action in purple, the window's elapse not.
  CHECK(has(dot, "\"hearing_window\" -> \"decide\" [label=\"(5) party: request_hearing\", style=\"bold\", "
                 "color=\"#7d3c98\""));
  CHECK(has(dot, "\"hearing_window\" -> \"decide\" [label=\"timeout: 5 working days (art. 47) elapsed\", "
                 "style=dotted, color=\"#d35400\", fontcolor=\"#a04000\", color=\"#bdc3c7\""));
  CHECK(has(dot, "deferred choice: request_hearing by ann, 2026-03-04 09:30"));
  // The untaken branch and the steps behind it are grey.
  CHECK(has(dot, "\"route\" -> \"joint\" [label=\"area > 100\", color=\"#bdc3c7\", fontcolor=\"#95a5a6\"]"));
  CHECK(has(dot, "\"joint_review\" -> \"joined\" [label=\"done\", color=\"#bdc3c7\""));
  CHECK(has(dot, "took: otherwise"));
  // Steps done are green with how they ended; the current step is filled yellow.
  CHECK(has(dot, "done 2026-03-03 11:00: done by cy (reviewer)"));
  CHECK(has(dot, "NOW OPEN since 2026-03-04 09:30\", style=\"filled,bold\", fillcolor=\"#f9e79f\", "
                 "color=\"#1e8449\", penwidth=2.5]"));
  // Nothing is overdue on this chart (no step limits), and the legend explains the marks.
  CHECK_FALSE(has(dot, "OVERDUE"));
  CHECK(has(dot, "bold green arrow (n): path taken, n = visit order"));
}

TEST_CASE("a closed case marks its outcome reached and leaves the other outcomes grey") {
  Env env;
  std::string id = env.open("T-1", "2026-03-02T09:00");
  env.act(id, "ann", "accept", "2026-03-02T10:00", {{"area", "40"}});
  env.act(id, "bob", "done", "2026-03-03T10:00");
  env.act(id, "cy", "done", "2026-03-03T11:00");
  env.act(id, "ann", "request_hearing", "2026-03-04T09:30");
  env.act(id, "dee", "grant", "2026-03-05T09:00");
  std::string dot = env.graph(id, "2026-03-06T09:00");
  INFO(dot);
  CHECK(has(dot, "party Shop Ltd: closed: granted — as of 2026-03-06 09:00"));
  CHECK(has(dot, "\"decide\" -> \"granted\" [label=\"(6) grant\", style=\"bold\", color=\"#1e8449\""));
  CHECK(has(dot, "reached 2026-03-05 09:00\", style=\"rounded,filled,bold\", color=\"#1e8449\""));
  CHECK(has(dot, "\"decide\" -> \"refused\" [label=\"refuse\", color=\"#bdc3c7\""));
  CHECK_FALSE(has(dot, "NOW OPEN"));
}

TEST_CASE("a step done after its deadline and a step open past it at now are drawn red") {
  Env env;
  // Accept has 5 working days: due Sun Sept 28 24:00 (an adjusted working day); done Sept 30.
  std::string id = env.open("T-2", "2025-09-22T09:00");
  env.act(id, "ann", "accept", "2025-09-30T10:00");
  // Review has 3 working days after National Day (Oct 9, 10, Sat 11): open on Oct 20.
  std::string dot = env.graph(id, "2025-10-20T09:00");
  INFO(dot);
  CHECK(has(dot, "LATE: done 2025-09-30 10:00, due 2025-09-28 24:00"));
  CHECK(has(dot, "OVERDUE: "));
  CHECK(has(dot, "Overdue steps: accept (due 2025-09-28 24:00, done late), review (due 2025-10-11 24:00, still open)"));
  CHECK(has(dot, "style=\"filled,bold\", fillcolor=\"#f5b7b1\", color=\"#c0392b\", fontcolor=\"#922b21\", penwidth=3]"));
  // The same case drawn before the review's deadline: nothing open is overdue yet.
  std::string before = env.graph(id, "2025-10-09T09:00");
  CHECK(has(before, "Overdue steps: accept (due 2025-09-28 24:00, done late)\\l"));
  CHECK(has(before, "fillcolor=\"#f9e79f\""));
}

TEST_CASE("an unknown case cannot be drawn") {
  Env env;
  auto r = env.svc->case_graph("2026-999999");
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(std::get<CaseError>(r).kind == CaseError::not_found);
  CHECK(std::get<CaseError>(r).message == "unknown case '2026-999999'");
}
