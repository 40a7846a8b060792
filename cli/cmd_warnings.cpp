// `sunlit warnings`: the yellow and red cards raised on cases, for supervisors.
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/clock_text.h"
#include "cli/commands.h"
#include "cli/session.h"

namespace sunlit::cli {

namespace {

// Options of `sunlit warnings`.
struct WarningsOptions {
  WarningFilter filter;
  bool all = false, json = false;
};

int run_warnings(WarningsOptions o) {
  const auto& c = o.filter.colour;
  if (!c.empty() && c != "yellow" && c != "red") {
    std::cerr << fmt::format("sunlit: error: --colour '{}' is not a card colour (use yellow or red)\n", c);
    return kExitUsage;
  }
  o.filter.active_only = !o.all;
  return with_service([&](CaseService& svc) {
    auto r = svc.warnings(o.filter);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& ws = std::get<std::vector<WarningView>>(r);
    if (o.json) {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& w : ws) a.push_back(warning_json(w));
      std::cout << a.dump(2) << "\n";
      return kExitOk;
    }
    for (const auto& w : ws)
      std::cout << fmt::format("{:<6}  {}  {}  {}  post {} ({})  due {}  raised {}{}\n", w.colour, w.case_id, w.power,
                               w.step.empty() ? "case limit" : w.step + " " + w.step_name, w.post, w.department,
                               format_deadline(w.due), format_local(w.raised_at), w.active ? "" : "  (ended)");
    std::cout << fmt::format("{} {}\n", ws.size(), ws.size() == 1 ? "warning" : "warnings");
    return kExitOk;
  });
}

}  // namespace

Command add_warnings(CLI::App& app) {
  auto o = std::make_shared<WarningsOptions>();
  auto* w = app.add_subcommand("warnings", "yellow and red cards on open steps and cases, oldest first");
  w->add_option("--department", o->filter.department, "cards of this department");
  w->add_option("--post", o->filter.post, "cards of steps owned by this post");
  w->add_option("--colour", o->filter.colour, "yellow or red");
  w->add_flag("--all", o->all, "also cards on steps and cases that have ended");
  w->add_flag("--json", o->json, "machine-readable output");
  return [o]() { return run_warnings(*o); };
}

}  // namespace sunlit::cli
