// `sunlit serve`: the timer service (engine/serve.h) in the foreground, logging to stdout.
#include <fmt/format.h>
#include <iostream>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/serve.h"

namespace sunlit::cli {

Command add_serve(CLI::App& app) {
  auto poll = std::make_shared<int>(1000);
  auto* s = app.add_subcommand("serve", "fire timers as they fall due until SIGTERM/SIGINT (logs to stdout)");
  s->add_option("--poll-ms", *poll, "the longest sleep between two looks at the timers (default 1000)")
      ->check(CLI::Range(10, 60000));
  return [poll]() {
    auto opened = open_session();
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& session = std::get<Session>(opened);
    ServeLog log{[](const std::string& line) { std::cout << line << std::endl; },
                 [](const std::string& line) { std::cerr << "sunlit: error: " << line << std::endl; }};
    Server server(*session.store, *session.clock, ServeOptions{std::chrono::milliseconds(*poll), 1000}, log);
    std::cout << fmt::format("serving {} (looking at the timers at least every {} ms)", globals().db, *poll)
              << std::endl;
    std::string signal = server.run();
    session.store.reset();  // close the database before saying so
    std::cout << fmt::format("stopped by {}: fired {} timers", signal, server.fired()) << std::endl;
    return kExitOk;
  };
}

}  // namespace sunlit::cli
