// `sunlit case graph CASE --format svg|dot [-o FILE]`: the case drawn on its statutory flowchart
// (issue 5): the path taken, current and overdue steps (at --now) and the deferred choices taken.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/render.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

// Options of `case graph`.
struct CaseGraphOptions {
  std::string case_id;
  std::string format = "dot";
  std::string output;
};

int run_case_graph(const CaseGraphOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.case_graph(o.case_id);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, false);
    const std::string& dot = std::get<std::string>(r);
    if (o.format == "dot") return write_output(o.output, dot) ? kExitOk : kExitIo;
    RenderResult svg = render_svg(dot);
    if (!svg.ok()) {
      std::cerr << "sunlit: " << svg.error << "\n";
      return kExitIo;
    }
    return write_output(o.output, svg.svg) ? kExitOk : kExitIo;
  });
}

}  // namespace

CaseSubcommand add_case_graph(CLI::App& case_app) {
  auto o = std::make_shared<CaseGraphOptions>();
  auto* g = case_app.add_subcommand("graph", "the case drawn on its flowchart: path taken, current and overdue steps");
  g->add_option("case", o->case_id, "case number")->required();
  g->add_option("--format", o->format, "dot (default) or svg (needs Graphviz)")->check(CLI::IsMember({"dot", "svg"}));
  g->add_option("-o,--output", o->output, "Write to this file instead of stdout");
  return {g, [o]() { return run_case_graph(*o); }};
}

}  // namespace sunlit::cli
