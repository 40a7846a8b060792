// The statutory flowchart as DOT: exact text for a small process, features of a full one,
// SVG rendering, and a round trip over every shipped process.
#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/dot.h"
#include "engine/render.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

const char* kOrg = R"(organisation: town
title: Town
departments:
  - id: office
    name: 办公室 Office
    posts:
      - id: clerk
        name: Clerk
officials:
  - id: ann
    name: Ann
    posts: [clerk]
)";

const char* kProcess = R"(sunlit: 1
organisation: town
power:
  code: T-1
  name: 登记 "Registration"
  category: other
  basis:
    - title: Town Rules
      article: art. 1
  body: Town
  office: Office
  responsible: Ann
  disclosure: {scope: public, forms: [website], time: permanent}
  risk: 3
steps:
  - id: register
    name: Register
    post: clerk
    limit: {amount: 1, unit: workdays, article: art. 2}
    next: done
outcomes:
  - id: done
    name: Done
    kind: completed
)";

std::shared_ptr<const CompiledProcess> compile_sources(const std::vector<SourceFile>& files) {
  Workspace ws = load_sources(files);
  INFO(ws.diags.render());
  REQUIRE(ws.diags.error_count() == 0);
  REQUIRE(ws.processes.size() == 1);
  REQUIRE(ws.organisation_of(0));
  return compile(ws.processes[0], *ws.organisation_of(0));
}

std::shared_ptr<const CompiledProcess> license() {
  std::string dir = std::string(SUNLIT_SOURCE_DIR) + "/tests/data/valid/";
  std::string reason;
  return compile_sources({{"xicheng.org.yaml", read_text_file(dir + "xicheng.org.yaml", &reason).value_or("")},
                          {"license.yaml", read_text_file(dir + "license.yaml", &reason).value_or("")}});
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kExpected =
    "digraph \"T-1\" {\n"
    "  graph [charset=\"UTF-8\", fontname=\"Noto Sans CJK SC,Noto Sans CJK,WenQuanYi Micro Hei,sans-serif\", "
    "rankdir=TB, newrank=true, labelloc=t, labeljust=l, nodesep=0.4, ranksep=0.5, label=\"登记 \\\"Registration\\\" (T-1)\\l"
    "Category: other 其他行政权力 · on application (依申请)\\lLegal basis: Town Rules art. 1\\l"
    "Implementing body: Town · office: Office · responsible: Ann\\l\"];\n"
    "  node [fontname=\"Noto Sans CJK SC,Noto Sans CJK,WenQuanYi Micro Hei,sans-serif\", fontsize=11];\n"
    "  edge [fontname=\"Noto Sans CJK SC,Noto Sans CJK,WenQuanYi Micro Hei,sans-serif\", fontsize=10];\n"
    "  \"_legend\" [shape=note, fontsize=9, label=\"Legend\\lbox: task (post · department)\\ldiamond: decision\\l"
    "black bar: joint handling (parallel / join)\\lhexagon: waiting for the party\\ldouble border: outcome\\l"
    "dashed blue arrow: hand-off to another department\\ldotted orange arrow: time limit elapsed\\l"
    "red border + note: supervision point\\lshaded: clock suspended\\l\"];\n"
    "  \"_start\" [shape=circle, style=filled, fillcolor=black, width=0.2, label=\"\"];\n"
    "  subgraph \"cluster_office\" {\n"
    "    label=\"办公室 Office\"; style=\"rounded,dashed\"; color=\"#7f8c8d\"; fontcolor=\"#34495e\";\n"
    "    \"register\" [shape=box, label=\"Register\\nPost: Clerk · 办公室 Office\\nLimit: 1 working day (art. 2)\"];\n"
    "  }\n"
    "  \"done\" [shape=box, style=\"rounded,filled\", fillcolor=\"#d5f5e3\", peripheries=2, label=\"Done\\n(completed)\"];\n"
    "  \"_start\" -> \"register\";\n"
    "  \"register\" -> \"done\";\n"
    "  { rank=sink; \"_legend\"; }\n"
    "}\n";

}  // namespace

TEST_CASE("a small process gives exactly this DOT text") {
  auto cp = compile_sources({{"town.org.yaml", kOrg}, {"reg.yaml", kProcess}});
  CHECK(to_dot(*cp) == kExpected);
}

TEST_CASE("DOT strings escape quotes, backslashes and newlines") {
  CHECK(dot_escape("a\"b\\c\nd\r") == "a\\\"b\\\\c\\nd");
  CHECK(dot_escape("受理") == "受理");
}

TEST_CASE("periods are described in the law's unit with their article") {
  CHECK(describe_period({5, Unit::workdays, "行政许可法第三十二条", {}}) == "5 working days (行政许可法第三十二条)");
  CHECK(describe_period({1, Unit::days, "", {}}) == "1 day");
  CHECK(describe_period({6, Unit::months, "", {}}) == "6 months");
  CHECK(describe_period({1.5, Unit::hours, "", {}}) == "1.5 hours");
}

TEST_CASE("the flowchart shows kinds, posts, limits, hand-offs, supervision, rights and remedies") {
  std::string dot = to_dot(*license());
  CHECK(dot == to_dot(*license()));  // deterministic
  CHECK(contains(dot, "\\lLegal basis: 中华人民共和国行政许可法 第三十二条\\l"));
  CHECK(contains(dot, "subgraph \"cluster_market\""));
  CHECK(contains(dot, "subgraph \"cluster_fire\""));
  CHECK(contains(dot, "\"route\" [shape=diamond"));
  CHECK(contains(dot, "\"joint\" [shape=rect, style=filled, fillcolor=black"));
  CHECK(contains(dot, "\"hearing_window\" [shape=hexagon, label=\"听证申请期\\nWindow: 5 working days (行政许可法第四十七条)\"]"));
  CHECK(contains(dot, "Post: 受理窗口 Intake window · 区市场监督管理局 Market Regulation Bureau\\nLimit: 5 working days (行政许可法第三十二条)"));
  CHECK(contains(dot, "\"accept\" -> \"route\" [label=\"受理\"];"));
  CHECK(contains(dot, "\"accept\" -> \"route\" [label=\"timeout: 逾期未告知视为受理 deemed accepted (art. 32)\", style=dotted"));
  CHECK(contains(dot, "\"route\" -> \"joint\" [label=\"大型场所\\n[area > 500]\"];"));
  CHECK(contains(dot, "\"route\" -> \"review\" [label=\"otherwise\"];"));
  CHECK(contains(dot, "\"review\" -> \"decide\" [label=\"审查通过\\nhand-off: 移送审查意见\", style=dashed"));
  CHECK(contains(dot, "\"hearing_window\" -> \"hearing\" [label=\"party: 申请听证\"];"));
  CHECK(contains(dot, "clock suspended: hearing\", style=filled"));
  CHECK(contains(dot, "Party right: hearing, within 5 working days (行政许可法第四十七条)"));
  CHECK(contains(dot, "two officials (行政许可法第三十四条)"));
  CHECK(contains(dot, "\"_sup_0\" -> \"review\" [style=dotted, arrowhead=none"));
  CHECK(contains(dot, "Supervision: 区监察局 District Supervision Bureau\\ninternal · phone 010-12345678"));
  CHECK(contains(dot, "Case limit: 20 working days (行政许可法第四十二条); extension +10 working days (行政许可法第四十二条) approved by 局长 Head"));
  CHECK(contains(dot, "reconsideration: 北京市西城区人民政府, 西城区行政复议中心, within 60 days (行政复议法第二十条)"));
  CHECK(contains(dot, "Remedies: reconsideration within 60 days (行政复议法第二十条), litigation within 6 months"));
}

TEST_CASE("a missing Graphviz is an error value, not an exception") {
  RenderResult r = render_svg("digraph { a -> b }", "sunlit-no-such-graphviz-program");
  CHECK(r.status == RenderResult::Status::tool_missing);
  CHECK(contains(r.error, "not found on PATH"));
}

TEST_CASE("SVG is rendered with dot when it is installed") {
  RenderResult r = render_svg(to_dot(*license()));
  if (r.status == RenderResult::Status::tool_missing) {
    WARN("Graphviz dot is not installed: " << r.error);
    return;
  }
  REQUIRE(r.ok());
  CHECK(contains(r.svg, "<svg"));
  CHECK(render_svg("digraph { a -> }").status == RenderResult::Status::tool_failed);
}

TEST_CASE("every shipped process loads, validates, compiles and draws") {
  namespace fs = std::filesystem;
  std::string dir = std::string(SUNLIT_SOURCE_DIR) + "/processes";
  if (!fs::is_directory(dir)) return;
  Workspace ws = load_workspace({dir});
  INFO(ws.diags.render());
  REQUIRE(ws.diags.error_count() == 0);
  for (size_t i = 0; i < ws.processes.size(); ++i) {
    const Process& p = ws.processes[i];
    INFO(p.file);
    REQUIRE(ws.organisation_of(i));
    auto cp = compile(p, *ws.organisation_of(i));
    std::string dot = to_dot(*cp);
    CHECK(contains(dot, "digraph \"" + dot_escape(p.power.code) + "\""));
    for (const auto& s : p.steps) CHECK(contains(dot, "\"" + s.id + "\" ["));
    for (const auto& o : p.outcomes) CHECK(contains(dot, "\"" + o.id + "\" ["));
    for (FlowVertex v = 0; v < cp->vertex_count(); ++v)
      for (FlowEdge e : cp->out_edges(v))
        CHECK(contains(dot, "\"" + cp->node(v).id + "\" -> \"" + cp->node(cp->target(e)).id + "\""));
  }
}
