// `sunlit case graph CASE --format svg|dot`: the case drawn on its statutory flowchart (issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sunlit::cli {

CaseSubcommand add_case_graph(CLI::App& case_app) {
  auto* g = case_app.add_subcommand("graph", "the case drawn on its flowchart: path taken, current and overdue steps");
  g->allow_extras();
  return {g, []() {
            std::cerr << "sunlit: 'case graph' is not built yet\n";
            return kExitUsage;
          }};
}

}  // namespace sunlit::cli
