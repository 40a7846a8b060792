// `sunlit supervise`: exceptions for the supervision bureau: overdue, cards, refusals, extensions, suspensions (issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sunlit::cli {

Command add_supervise(CLI::App& app) {
  auto* c = app.add_subcommand("supervise", "exceptions for the supervision bureau: overdue, cards, refusals, extensions, suspensions");
  c->allow_extras();
  return []() {
    std::cerr << "sunlit: 'supervise' is not built yet\n";
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
