// The compiler: an immutable state machine with the indexes the runtime needs.
#include <catch2/catch.hpp>

#include <type_traits>

#include "engine/compiler.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

std::string fixture(const std::string& name) {
  std::string reason;
  auto text = read_text_file(std::string(SUNLIT_SOURCE_DIR) + "/tests/data/valid/" + name, &reason);
  return text ? *text : std::string();
}

// The license fixture (choice, parallel, wait, suspension, supervision, rights), compiled.
std::shared_ptr<const CompiledProcess> license() {
  Workspace ws = load_sources({{"xicheng.org.yaml", fixture("xicheng.org.yaml")}, {"license.yaml", fixture("license.yaml")}});
  INFO(ws.diags.render());
  REQUIRE(ws.diags.error_count() == 0);
  REQUIRE(ws.processes.size() == 1);
  REQUIRE(ws.organisation_of(0));
  return compile(ws.processes[0], *ws.organisation_of(0));
}

FlowVertex v(const CompiledProcess& cp, const std::string& id) {
  auto found = cp.vertex(id);
  REQUIRE(found);
  return *found;
}

std::string target_id(const CompiledProcess& cp, std::optional<FlowEdge> e) {
  REQUIRE(e);
  return cp.node(cp.target(*e)).id;
}

}  // namespace

static_assert(!std::is_copy_constructible_v<CompiledProcess>, "a compiled process is shared, never copied");

TEST_CASE("the compiled graph has one vertex per step and outcome and the start") {
  auto cp = license();
  CHECK(cp->vertex_count() == cp->process().steps.size() + cp->process().outcomes.size());
  CHECK(cp->node(cp->start()).id == "accept");
  CHECK_FALSE(cp->vertex("nope"));
  CHECK(cp->step(v(*cp, "review"))->name == "审查 Review");
  CHECK(cp->outcome(v(*cp, "granted"))->kind == OutcomeKind::granted);
  CHECK(cp->step(v(*cp, "granted")) == nullptr);
}

TEST_CASE("actions, timeouts and out-edges are indexed in file order") {
  auto cp = license();
  FlowVertex accept = v(*cp, "accept");
  CHECK(target_id(*cp, cp->action_edge(accept, "accept")) == "route");
  CHECK(target_id(*cp, cp->action_edge(accept, "reject")) == "not_accepted");
  CHECK_FALSE(cp->action_edge(accept, "grant"));
  CHECK(target_id(*cp, cp->timeout_edge(accept)) == "route");
  REQUIRE(cp->out_edges(accept).size() == 3);
  CHECK(cp->edge(cp->out_edges(accept)[0]).name == "accept");
  CHECK(cp->edge(cp->out_edges(accept)[2]).kind == EdgeKind::timeout);
  CHECK(target_id(*cp, cp->action_edge(v(*cp, "review_fire"), "complete")) == "joint_done");
  FlowVertex wait = v(*cp, "hearing_window");
  CHECK(target_id(*cp, cp->action_edge(wait, "request_hearing")) == "hearing");
  CHECK(target_id(*cp, cp->timeout_edge(wait)) == "decide");
}

TEST_CASE("choice branches carry compiled conditions") {
  auto cp = license();
  FlowVertex route = v(*cp, "route");
  REQUIRE(cp->branch_edges(route).size() == 1);
  CHECK(target_id(*cp, cp->branch_edges(route)[0]) == "joint");
  CHECK(target_id(*cp, cp->otherwise_edge(route)) == "review");
  const expr::Compiled& c = cp->condition(route, 0);
  REQUIRE(c.ok());
  expr::Value area;
  area.type = FieldType::number;
  area.number = 600;
  std::string error;
  auto big = expr::evaluate(c, {{"area", area}}, &error);
  REQUIRE(big);
  CHECK(big->boolean);
  area.number = 100;
  auto small = expr::evaluate(c, {{"area", area}}, &error);
  REQUIRE(small);
  CHECK_FALSE(small->boolean);
}

TEST_CASE("splits know their join, joins their split") {
  auto cp = license();
  FlowVertex split = v(*cp, "joint"), join = v(*cp, "joint_done");
  REQUIRE(cp->join_of(split));
  CHECK(*cp->join_of(split) == join);
  REQUIRE(cp->split_of(join));
  CHECK(*cp->split_of(join) == split);
  CHECK_FALSE(cp->join_of(v(*cp, "accept")));
}

TEST_CASE("departments, suspension, supervision and rights per step") {
  auto cp = license();
  CHECK(cp->department(v(*cp, "review_fire")) == "fire");
  CHECK(cp->department(v(*cp, "review")) == "market");
  CHECK(cp->department(v(*cp, "route")).empty());
  REQUIRE(cp->post(v(*cp, "decide")));
  CHECK(cp->post(v(*cp, "decide"))->id == "head");
  CHECK(cp->suspends(v(*cp, "hearing")));
  CHECK(cp->suspend_reason(v(*cp, "hearing")) == "hearing");
  CHECK_FALSE(cp->suspends(v(*cp, "review")));
  CHECK_FALSE(cp->restarts_clock(v(*cp, "review")));
  CHECK(cp->supervision_at(v(*cp, "review")).size() == 1);
  CHECK(cp->rights_at(v(*cp, "review")).size() == 1);
  CHECK(cp->rights_at(v(*cp, "accept")).empty());
  CHECK_FALSE(cp->clock_from());
}

TEST_CASE("the compiled process owns its copies of the definitions") {
  std::shared_ptr<const CompiledProcess> cp;
  {
    Workspace ws = load_sources({{"xicheng.org.yaml", fixture("xicheng.org.yaml")}, {"license.yaml", fixture("license.yaml")}});
    REQUIRE(ws.organisation_of(0));
    cp = compile(ws.processes[0], *ws.organisation_of(0));
  }
  CHECK(cp->process().power.code == "XC-TEST-XK-001");
  CHECK(cp->organisation().name == "xicheng");
  CHECK(cp->node(cp->start()).id == "accept");
}
