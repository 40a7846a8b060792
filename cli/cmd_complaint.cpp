// `sunlit complaint`: file a complaint about a case (a linked case of the complaint process) (issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sunlit::cli {

Command add_complaint(CLI::App& app) {
  auto* c = app.add_subcommand("complaint", "file a complaint about a case (a linked case of the complaint process)");
  c->allow_extras();
  return []() {
    std::cerr << "sunlit: 'complaint' is not built yet\n";
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
