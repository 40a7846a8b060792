// `sunlit config set|show`: deployment settings (the yellow-card threshold), per deployment or power.
#include <fmt/format.h>
#include <algorithm>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/definition.h"
#include "engine/suggest.h"

namespace sunlit::cli {

namespace {

// A known setting: its name, default and what it means.
struct KnownSetting {
  const char* name;
  const char* fallback;
  const char* meaning;
};

constexpr KnownSetting kSettings[] = {
    {"yellow_before", "1 workdays", "a yellow card is raised when this much time is left (AMOUNT UNIT)"},
};

// Options of the config subcommands.
struct ConfigOptions {
  std::string name, value, power, as = "admin";
};

// "AMOUNT UNIT" with a positive amount and UNIT workdays, days or hours; the message if not.
std::string check_period(const std::string& name, const std::string& value) {
  std::istringstream in(value);
  double amount = 0;
  std::string unit, rest;
  Unit u{};
  bool good = static_cast<bool>(in >> amount) && static_cast<bool>(in >> unit) && !(in >> rest) && amount > 0 &&
              parse_enum(unit, u) && u != Unit::months;
  if (good) return "";
  return fmt::format("setting {}: '{}' must look like AMOUNT UNIT with a positive AMOUNT and UNIT workdays, days "
                     "or hours (e.g. '1 workdays')",
                     name, value);
}

int run_set(const ConfigOptions& o) {
  std::vector<std::string> names;
  for (const auto& k : kSettings) names.push_back(k.name);
  if (std::find(names.begin(), names.end(), o.name) == names.end()) {
    std::cerr << fmt::format("sunlit: error: unknown setting '{}'{}\n", o.name, did_you_mean(o.name, names));
    return kExitInputErrors;
  }
  if (auto bad = check_period(o.name, o.value); !bad.empty()) {
    std::cerr << "sunlit: error: " << bad << "\n";
    return kExitInputErrors;
  }
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto& session = std::get<Session>(s);
  if (!o.power.empty()) {
    CaseService svc(*session.store, *session.clock);
    if (auto r = svc.versions(o.power); std::holds_alternative<CaseError>(r))
      return report(std::get<CaseError>(r), false);
  }
  auto done = session.store->set_setting({o.name, o.power, o.value, session.clock->now(), o.as});
  if (!done) return report(from_store(done.error()), false);
  std::cout << fmt::format("{} = {} ({})\n", o.name, o.value, o.power.empty() ? "every power" : "power " + o.power);
  return kExitOk;
}

int run_show() {
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto settings = std::get<Session>(s).store->settings();
  if (!settings) return report(from_store(settings.error()), false);
  for (const auto& k : kSettings) {
    bool global = false;
    for (const auto& v : *settings)
      if (v.name == k.name && v.power_code.empty()) global = true;
    if (!global) std::cout << fmt::format("{} = {} (every power; default)\n", k.name, k.fallback);
    for (const auto& v : *settings)
      if (v.name == k.name)
        std::cout << fmt::format("{} = {} ({}; set {} by {})\n", v.name, v.value,
                                 v.power_code.empty() ? "every power" : "power " + v.power_code, format_local(v.set_at),
                                 v.set_by);
  }
  return kExitOk;
}

}  // namespace

Command add_config(CLI::App& app) {
  auto o = std::make_shared<ConfigOptions>();
  auto* c = app.add_subcommand("config", "deployment settings: the yellow-card threshold");
  c->require_subcommand(1);
  auto* set = c->add_subcommand("set", "set a setting for every power, or for one with --power");
  set->add_option("name", o->name, "the setting (yellow_before)")->required();
  set->add_option("value", o->value, "its value, e.g. '2 workdays'")->required();
  set->add_option("--power", o->power, "only for this power code");
  set->add_option("--as", o->as, "who sets it (recorded; default admin)");
  auto* show = c->add_subcommand("show", "every setting in force, with its defaults");
  return [o, set, show]() {
    if (set->parsed()) return run_set(*o);
    if (show->parsed()) return run_show();
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
