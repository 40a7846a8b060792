// `sunlit graph FILE --format dot|svg [-o OUT]`: the statutory flowchart.
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "engine/compiler.h"
#include "engine/dot.h"
#include "engine/render.h"
#include "engine/workspace.h"

namespace sunlit::cli {

namespace {

// Options of `graph`.
struct GraphOptions {
  std::string file;
  std::string format = "dot";
  std::string output;
};

int run_graph(const GraphOptions& opts) {
  Workspace ws = load_workspace({opts.file});
  if (ws.io_errors() > 0 || ws.diags.error_count() > 0) {
    std::cerr << ws.diags.render();
    return ws.io_errors() > 0 ? kExitIo : kExitInputErrors;
  }
  if (ws.processes.size() != 1) {
    std::cerr << "sunlit: " << opts.file << ": expected one process definition, found " << ws.processes.size() << "\n";
    return kExitInputErrors;
  }
  const Organisation* org = ws.organisation_of(0);
  if (!org) {
    std::cerr << "sunlit: " << opts.file << ": organisation not found\n";
    return kExitInputErrors;
  }
  std::string dot = to_dot(*compile(ws.processes[0], *org));
  if (opts.format == "dot") return write_output(opts.output, dot) ? kExitOk : kExitIo;
  RenderResult svg = render_svg(dot);
  if (!svg.ok()) {
    std::cerr << "sunlit: " << svg.error << "\n";
    return kExitIo;
  }
  return write_output(opts.output, svg.svg) ? kExitOk : kExitIo;
}

}  // namespace

Command add_graph(CLI::App& app) {
  auto opts = std::make_shared<GraphOptions>();
  CLI::App* sub = app.add_subcommand("graph", "Draw a process's statutory flowchart (validated first)");
  sub->add_option("file", opts->file, "Process YAML file")->required();
  sub->add_option("--format", opts->format, "dot (default) or svg (needs Graphviz)")
      ->check(CLI::IsMember({"dot", "svg"}));
  sub->add_option("-o,--output", opts->output, "Write to this file instead of stdout");
  return [opts] { return run_graph(*opts); };
}

}  // namespace sunlit::cli
