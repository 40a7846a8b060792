// `sunlit report`: performance reports and the dynamic-operation register (issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sunlit::cli {

Command add_report(CLI::App& app) {
  auto* c = app.add_subcommand("report", "performance reports and the dynamic-operation register");
  c->allow_extras();
  return []() {
    std::cerr << "sunlit: 'report' is not built yet\n";
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
