// `sunlit timers tick|list`: fire the due timers once (cron), or list the pending ones.
#include <fmt/format.h>
#include <climits>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/clock_text.h"
#include "cli/commands.h"
#include "cli/session.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the timers subcommands.
struct TimersOptions {
  int limit = 0;
  std::string due_before;
  bool json = false;
};

std::string plural(int n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

// "fired 2 timers; next due 2026-03-09T00:00:00+08:00" (and what others fired or what failed).
std::string summary(const TickReport& r) {
  std::string out = "fired " + plural(r.fired, "timer", "timers");
  if (r.raced > 0) out += fmt::format(" ({} already fired by another process)", r.raced);
  if (r.failed > 0) out += fmt::format("; {} could not fire", r.failed);
  out += r.next_due ? "; next due " + format_local(*r.next_due) : "; none pending";
  return out;
}

int run_tick(const TimersOptions& o) {
  if (o.limit < 0) {
    std::cerr << fmt::format("sunlit: error: --limit {} must be 0 (all) or more\n", o.limit);
    return kExitUsage;
  }
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto& session = std::get<Session>(s);
  CaseService service(*session.store, *session.clock);
  auto r = service.tick(session.clock->now(), o.limit);
  if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
  const auto& t = std::get<TickReport>(r);
  if (o.json) {
    json j{{"fired", t.fired}, {"raced", t.raced}, {"failed", t.failed}, {"lines", t.lines},
           {"next_due", t.next_due ? json(format_local(*t.next_due)) : json(nullptr)}};
    std::cout << j.dump(2) << "\n";
  } else {
    for (const auto& line : t.lines) std::cout << line << "\n";
    std::cout << summary(t) << "\n";
  }
  return t.failed > 0 ? kExitInputErrors : kExitOk;
}

int run_list(const TimersOptions& o) {
  Instant before = INT64_MAX;
  if (!o.due_before.empty()) {
    if (!parse_time_option("--due-before", o.due_before, before)) return kExitUsage;
    --before;  // strictly before
  }
  auto s = open_session();
  if (auto* code = std::get_if<int>(&s)) return *code;
  auto timers = std::get<Session>(s).store->due_timers(before, 0, true);
  if (!timers) return report(from_store(timers.error()), o.json);
  if (o.json) {
    json a = json::array();
    for (const auto& t : *timers)
      a.push_back({{"case", t.case_id}, {"name", t.name}, {"kind", t.kind}, {"step", t.step},
                   {"due", format_local(t.due)}, {"set_aside", t.held}});
    std::cout << a.dump(2) << "\n";
    return kExitOk;
  }
  for (const auto& t : *timers)
    std::cout << fmt::format("{}  {}  {:<7} {}{}\n", format_local(t.due), t.case_id, t.kind, t.name,
                             t.held.empty() ? "" : " (set aside: " + t.held + ")");
  std::cout << plural(static_cast<int>(timers->size()), "pending timer", "pending timers") << "\n";
  return kExitOk;
}

}  // namespace

Command add_timers(CLI::App& app) {
  auto o = std::make_shared<TimersOptions>();
  auto* t = app.add_subcommand("timers", "fire due timers once, or list the pending ones");
  t->require_subcommand(1);
  auto* tick = t->add_subcommand("tick", "fire every timer due now (each once, in due order); for cron");
  tick->add_option("--limit", o->limit, "fire at most N timers (default 0: all)");
  tick->add_flag("--json", o->json, "machine-readable output");
  auto* list = t->add_subcommand("list", "the pending timers, earliest first");
  list->add_option("--due-before", o->due_before, "only timers due before this time (ISO 8601)");
  list->add_flag("--json", o->json, "machine-readable output");
  return [o, tick, list]() {
    if (tick->parsed()) return run_tick(*o);
    if (list->parsed()) return run_list(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
