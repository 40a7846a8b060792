// sunlit command line: parse, call the engine, print. (Commands are added per issue.)
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"sunlit: statutory workflow engine for administrative power"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
