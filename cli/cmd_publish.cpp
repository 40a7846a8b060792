// `sunlit publish`: export what the disclosure rules allow, personal data masked (issue 5).
#include <iostream>

#include "cli/commands.h"

namespace sunlit::cli {

Command add_publish(CLI::App& app) {
  auto* c = app.add_subcommand("publish", "export what the disclosure rules allow, personal data masked");
  c->allow_extras();
  return []() {
    std::cerr << "sunlit: 'publish' is not built yet\n";
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
