// Benchmark (issue 4): durable timers — a database with 1,000,000 pending timers.
//
// The process is tests/data/cases/clock.yaml (T-2, organisation town): a 20-working-day case
// limit and a 5-working-day acceptance limit with a deemed acceptance, so every open case has
// three pending timers (step:accept:elapse, case:yellow, case:red). The database is made of
// real cases: each is opened through CaseService::open (events, snapshot, open steps, timers
// in one commit), synchronous=NORMAL during generation, one case every 65 s of simulated time
// from 2026-01-05T09:00, so the timers spread over 2026 (inside the calendar's data).
//
// Modes (one per run):
//   --prepare DB --timers N     make DB with ceil(N / 3) cases; prints cases, timers, seconds
//   --idle DB [--reps R]        in-process CaseService::tick at the generation start (nothing
//                               due), R times (default 1000): median and p90 in ms; also
//                               Store::next_due alone
//   --fire DB --count C --sync full|normal
//                               one CaseService::tick(far future, C) on DB: timers fired per
//                               second, by kind, warnings raised, events written
//   --json                      one JSON object on stdout instead of text
// bench/timers.sh runs them (and times `sunlit timers tick` and `sunlit serve`) and prints a table.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/diagnostic.h"
#include "engine/service.h"
#include "engine/sqlite.h"
#include "engine/store.h"

namespace {

using namespace sunlit;
using json = nlohmann::json;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

const Instant kStart = *parse_instant("2026-01-05T09:00");
constexpr Instant kSpacing = 65;  // simulated seconds between two case openings

[[noreturn]] void die(const std::string& message) {
  std::cerr << "bench_timers: " << message << "\n";
  std::exit(1);
}

double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

std::unique_ptr<Store> open_store(const std::string& db, Durability d) {
  StoreOptions so;
  so.durability = d;
  auto store = Store::open(db, so);
  if (!store) die(store.error().message);
  return std::move(*store);
}

// One integer from a query on the database (read-only connection).
std::int64_t count(const std::string& db, const std::string& query) {
  sql::Db conn;
  if (!conn.open(db, sql::OpenMode::read_only).ok()) die("cannot read " + db);
  sql::Statement st = conn.prepare(query);
  if (!st.step().row()) die("query failed: " + query);
  return st.int64(0);
}

json prepare(const std::string& db, long long timers) {
  const std::string root = SUNLIT_SOURCE_DIR;
  auto store = open_store(db, Durability::normal);
  FixedClock clock(kStart);
  CaseService svc(*store, clock);
  Diagnostics diags;
  auto deployed = svc.deploy({root + "/tests/data/cases/town.org.yaml", root + "/tests/data/cases/clock.yaml"},
                             "bench", diags);
  if (auto* e = std::get_if<CaseError>(&deployed)) die(e->message + "\n" + diags.render());
  const long long cases = (timers + 2) / 3;
  auto t0 = Steady::now();
  for (long long i = 0; i < cases; ++i) {
    clock.set(kStart + i * kSpacing);
    auto r = svc.open("T-2", fmt::format("Party {}", i), {}, "ann");
    if (auto* e = std::get_if<CaseError>(&r)) die(e->message);
    if (i % 50000 == 49999) std::cerr << fmt::format("  {} cases opened ({:.0f} s)\n", i + 1, seconds_since(t0));
  }
  double secs = seconds_since(t0);
  store.reset();
  return {{"cases", cases}, {"timers", count(db, "SELECT count(*) FROM timers")}, {"seconds", secs},
          {"opens_per_s", static_cast<double>(cases) / secs}, {"bytes", static_cast<long long>(fs::file_size(db))}};
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1))];
}

json idle(const std::string& db, int reps) {
  auto store = open_store(db, Durability::full);
  FixedClock clock(kStart);
  CaseService svc(*store, clock);
  std::vector<double> tick_ms, next_ms;
  for (int i = 0; i < reps; ++i) {
    auto t0 = Steady::now();
    auto r = svc.tick(kStart);
    tick_ms.push_back(seconds_since(t0) * 1000);
    if (auto* e = std::get_if<CaseError>(&r)) die(e->message);
    if (std::get<TickReport>(r).fired != 0) die("something was due at the start");
    t0 = Steady::now();
    auto n = store->next_due();
    next_ms.push_back(seconds_since(t0) * 1000);
    if (!n) die(n.error().message);
  }
  return {{"reps", reps}, {"tick_median_ms", percentile(tick_ms, 0.5)}, {"tick_p90_ms", percentile(tick_ms, 0.9)},
          {"next_due_median_ms", percentile(next_ms, 0.5)}};
}

json fire(const std::string& db, int count_wanted, Durability d) {
  const std::int64_t events_before = count(db, "SELECT count(*) FROM events");
  const std::int64_t warnings_before = count(db, "SELECT count(*) FROM warnings");
  std::map<std::string, int> kinds;
  {
    auto store = open_store(db, Durability::full);
    auto due = store->due_timers(INT64_MAX, count_wanted);
    if (!due) die(due.error().message);
    for (const auto& t : *due) ++kinds[t.kind];
  }
  auto store = open_store(db, d);
  const Instant far = *parse_instant("2026-12-31T00:00");
  FixedClock clock(far);
  CaseService svc(*store, clock);
  auto t0 = Steady::now();
  auto r = svc.tick(far, count_wanted);
  double secs = seconds_since(t0);
  if (auto* e = std::get_if<CaseError>(&r)) die(e->message);
  const auto& report = std::get<TickReport>(r);
  store.reset();
  return {{"sync", d == Durability::full ? "full" : "normal"},
          {"fired", report.fired},
          {"raced", report.raced},
          {"failed", report.failed},
          {"seconds", secs},
          {"timers_per_s", report.fired / secs},
          {"first_due_kinds", kinds},
          {"events_written", count(db, "SELECT count(*) FROM events") - events_before},
          {"warnings_raised", count(db, "SELECT count(*) FROM warnings") - warnings_before}};
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string mode, db, sync = "normal";
  long long timers = 1'000'000;
  int reps = 1000, fire_count = 100'000;
  bool as_json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) die(args[i] + " needs a value");
      return args[++i];
    };
    const std::string& a = args[i];
    if (a == "--prepare" || a == "--idle" || a == "--fire") {
      mode = a.substr(2);
      db = value();
    } else if (a == "--timers") timers = std::stoll(value());
    else if (a == "--reps") reps = std::stoi(value());
    else if (a == "--count") fire_count = std::stoi(value());
    else if (a == "--sync") sync = value();
    else if (a == "--json") as_json = true;
    else die("unknown option " + a);
  }
  json out;
  if (mode == "prepare") out = prepare(db, timers);
  else if (mode == "idle") out = idle(db, reps);
  else if (mode == "fire") out = fire(db, fire_count, sync == "full" ? Durability::full : Durability::normal);
  else die("give --prepare DB, --idle DB or --fire DB");
  std::cout << (as_json ? out.dump() : out.dump(2)) << "\n";
  return 0;
}
