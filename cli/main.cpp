// sunlit command line: parse with CLI11, call the engine, print. Exit codes: cli/commands.h.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>

#include "cli/commands.h"
#include "cli/session.h"

namespace sunlit::cli {

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "sunlit: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace sunlit::cli

int main(int argc, char** argv) {
  namespace cli = sunlit::cli;
  CLI::App app{"sunlit: statutory workflow engine for administrative power"};
  app.set_version_flag("--version", std::string("sunlit ") + cli::kVersion);
  app.require_subcommand(1);
  cli::add_global_options(app);
  cli::Command deploy = cli::add_deploy(app);
  std::map<std::string, cli::Command> commands{{"check", cli::add_check(app)},     {"graph", cli::add_graph(app)},
                                               {"catalog", cli::add_catalog(app)}, {"case", cli::add_case(app)},
                                               {"deploy", deploy}, {"audit", cli::add_audit(app)},                 {"versions", deploy},
                                               {"diff", deploy},                   {"admin", deploy},
                                               {"timers", cli::add_timers(app)},   {"serve", cli::add_serve(app)},
                                               {"warnings", cli::add_warnings(app)}, {"config", cli::add_config(app)}};
  commands.emplace("calendar", cli::add_calendar(app));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? cli::kExitOk : cli::kExitUsage;
  }
  for (const auto* sub : app.get_subcommands()) {
    auto it = commands.find(sub->get_name());
    if (it != commands.end()) return it->second();
  }
  return cli::kExitUsage;
}
