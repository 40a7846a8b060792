// Benchmark (issue 6 item 6, issue 5 item 9): sunlit on a large database made by gen_cases.
//
// Modes (several may be given; none = --scale --throughput):
//   --scale       the goals of issue 6: a worklist query (in process and `sunlit case list --as X
//                 --open` as a whole process), `sunlit case show` as a whole process, the timer tick
//                 with nothing due, replay of one case in process (CaseService::replay and the pure
//                 replay()), bytes on disk per event
//   --tick-due    the timer tick with timers due: five ticks, each at the due instant of the 10th pending
//                 timer (this fires them: the database moves on; run it last)
//   --throughput  issue 5: every case rebuilt from its events (read, decode, apply; and replay()
//                 with its timeline), and `audit verify` of the whole database, in events per second
// Options: --db PATH (required), --sunlit BIN (default: sunlit beside this program's build
//          folder), --now TIME (default 2026-11-20T10:00, the generator's), --runs N (default 30),
//          --json (one JSON object instead of the table)
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/audit.h"
#include "engine/replay.h"
#include "engine/service.h"
#include "engine/sqlite.h"
#include "engine/store.h"

extern char** environ;

namespace {

using namespace sunlit;
using json = nlohmann::json;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

// Command-line options.
struct Options {
  std::string db, sunlit, now = "2026-11-20T10:00";
  int runs = 30;
  bool json = false, scale = false, tick_due = false, throughput = false;
};

double ms_since(Steady::time_point t0) { return std::chrono::duration<double, std::milli>(Steady::now() - t0).count(); }

// CPU time of this process in ms: less distorted than wall time on a loaded machine.
double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Median and 90th percentile of timings (ms).
struct Spread {
  double median = 0, p90 = 0;
  int n = 0;
};

Spread spread(std::vector<double> v) {
  Spread s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.n = static_cast<int>(v.size());
  s.median = v[v.size() / 2];
  s.p90 = v[std::min(v.size() - 1, v.size() * 9 / 10)];
  return s;
}

// Runs a program to completion, its output to /dev/null; returns the wall time in ms (-1: failed).
double time_process(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  auto t0 = Steady::now();
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  waitpid(pid, &status, 0);
  double ms = ms_since(t0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? ms : -1;
}

// One line of the results: a measure, its figure and the goal.
struct Row {
  std::string measure, figure, goal, verdict;
};

std::string load_average() {
  FILE* f = std::fopen("/proc/loadavg", "r");
  if (!f) return "?";
  char buf[64] = {};
  if (!std::fgets(buf, sizeof buf, f)) buf[0] = 0;
  std::fclose(f);
  std::string s(buf);
  auto sp = s.find(' ', s.find(' ', s.find(' ') + 1) + 1);
  return s.substr(0, sp);
}

// A scalar query on the database (counts and sizes for the report only).
std::int64_t scalar(const std::string& db, const std::string& sql) {
  sql::Db d;
  if (!d.open(db, sql::OpenMode::read_only).ok()) return -1;
  auto st = d.prepare(sql);
  return st.step().row() ? st.int64(0) : -1;
}

std::vector<std::pair<std::string, std::int64_t>> busiest_posts(const std::string& db) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  sql::Db d;
  if (!d.open(db, sql::OpenMode::read_only).ok()) return out;
  auto st = d.prepare("SELECT post, count(*) FROM open_steps WHERE post <> '' GROUP BY post ORDER BY 2 DESC");
  while (st.step().row()) out.emplace_back(st.text(0), st.int64(1));
  return out;
}

class Bench {
 public:
  Bench(const Options& o, Store& store, FixedClock& clock) : o_(o), store_(store), clock_(clock), svc_(store, clock) {}

  std::vector<Row> rows;
  json out = json::object();

  void add(const std::string& key, const std::string& measure, double value, const std::string& unit,
           const std::string& goal = "", std::optional<bool> met = std::nullopt) {
    out[key] = value;
    std::string figure = value >= 1000 ? fmt::format("{:.0f} {}", value, unit) : fmt::format("{:.3g} {}", value, unit);
    rows.push_back({measure, figure, goal, met ? (*met ? "met" : "NOT met") : ""});
  }

  bool prepare() {
    auto ids = store_.all_case_ids();
    if (!ids) return false;
    ids_ = std::move(*ids);
    return !ids_.empty();
  }

  std::vector<std::string> sample(std::size_t n) {
    std::vector<std::string> s;
    std::mt19937_64 rng(9);
    for (std::size_t i = 0; i < n; ++i) s.push_back(ids_[rng() % ids_.size()]);
    return s;
  }

  void size() {
    std::int64_t events = scalar(o_.db, "SELECT count(*) FROM events");
    std::int64_t cases = scalar(o_.db, "SELECT count(*) FROM cases");
    std::int64_t open = scalar(o_.db, "SELECT count(*) FROM cases WHERE status = 'open'");
    std::int64_t timers = scalar(o_.db, "SELECT count(*) FROM timers");
    std::int64_t cards = scalar(o_.db, "SELECT count(*) FROM warnings");
    std::uintmax_t bytes = fs::file_size(o_.db);
    if (fs::exists(o_.db + "-wal")) bytes += fs::file_size(o_.db + "-wal");
    add("cases", "cases", static_cast<double>(cases), "");
    add("open_cases", "open cases", static_cast<double>(open), "");
    add("events", "events", static_cast<double>(events), "");
    add("timers", "pending timers", static_cast<double>(timers), "");
    add("cards", "cards raised", static_cast<double>(cards), "");
    add("file_mb", "file size (db + wal)", static_cast<double>(bytes) / 1e6, "MB");
    add("bytes_per_event", "bytes on disk per event", static_cast<double>(bytes) / static_cast<double>(events), "B",
        "reported");
    events_ = events;
  }

  void worklist() {
    auto posts = busiest_posts(o_.db);
    if (posts.empty()) return;
    // The busiest post and an official holding it.
    const std::string post = posts.front().first;
    std::string official;
    auto def = store_.latest("XC-SJ-XK-001");
    if (def) {
      auto cp = svc_.compiled(def->id);
      if (auto* p = std::get_if<std::shared_ptr<const CompiledProcess>>(&cp))
        for (const auto& of : (*p)->organisation().officials)
          for (const auto& r : of.posts)
            if (r.name == post && official.empty()) official = of.id;
    }
    std::vector<double> in_post, in_official, cli, whole;
    std::size_t items = 0, shown = 0;
    for (int i = 0; i < o_.runs; ++i) {  // the first page (case list's default 50), most urgent first
      auto t0 = Steady::now();
      auto r = svc_.page(ListFilter{"", post, "", CaseStatus::open, 50});
      in_post.push_back(ms_since(t0));
      if (auto* v = std::get_if<WorkPage>(&r)) {
        shown = v->items.size();
        items = shown + static_cast<std::size_t>(v->more);
      }
      t0 = Steady::now();
      svc_.page(ListFilter{official, "", "", CaseStatus::open, 50});
      in_official.push_back(ms_since(t0));
    }
    for (int i = 0; i < std::min(o_.runs, 3); ++i) {  // every item, for comparison
      auto t0 = Steady::now();
      svc_.list(ListFilter{"", post, "", CaseStatus::open});
      whole.push_back(ms_since(t0));
    }
    for (int i = 0; i < std::min(o_.runs, 20); ++i)
      cli.push_back(time_process({o_.sunlit, "--db", o_.db, "--now", o_.now, "case", "list", "--as", official, "--open"}));
    out["worklist_post"] = post;
    out["worklist_official"] = official;
    out["worklist_items"] = items;
    Spread a = spread(in_post), b = spread(in_official), c = spread(cli), w = spread(whole);
    add("worklist_post_ms",
        fmt::format("worklist of post {} ({} open steps), first {} most urgent, in process, median", post, items, shown),
        a.median, "ms", "< 10 ms", a.median < 10);
    add("worklist_official_ms", fmt::format("same for {} (all their posts), in process, median", official), b.median,
        "ms", "< 10 ms", b.median < 10);
    add("worklist_cli_ms", fmt::format("`sunlit case list --as {} --open` (first 50), whole process, median", official),
        c.median, "ms", "< 10 ms", c.median < 10);
    add("worklist_cli_p90_ms", "  same, 90th percentile", c.p90, "ms");
    add("worklist_all_ms", fmt::format("  every item of post {} ({}), in process, median", post, items), w.median, "ms");
  }

  void show() {
    std::vector<double> t;
    for (const auto& id : sample(static_cast<std::size_t>(o_.runs)))
      t.push_back(time_process({o_.sunlit, "--db", o_.db, "--now", o_.now, "case", "show", id}));
    std::vector<double> version;
    for (int i = 0; i < 10; ++i) version.push_back(time_process({o_.sunlit, "--version"}));
    Spread s = spread(t), v = spread(version);
    add("show_cli_ms", "`sunlit case show CASE`, whole process, median (random cases)", s.median, "ms", "< 10 ms",
        s.median < 10);
    add("show_cli_p90_ms", "  same, 90th percentile", s.p90, "ms");
    add("version_cli_ms", "`sunlit --version`, whole process (the floor), median", v.median, "ms");
  }

  void tick_idle() {
    auto now = *parse_instant(o_.now);
    clock_.set(now);
    std::vector<double> t;
    for (int i = 0; i < o_.runs; ++i) {
      auto t0 = Steady::now();
      auto r = svc_.tick(now);
      t.push_back(ms_since(t0));
      if (auto* rep = std::get_if<TickReport>(&r); rep && rep->fired > 0) out["tick_idle_fired"] = rep->fired;
    }
    std::vector<double> cli;
    for (int i = 0; i < std::min(o_.runs, 20); ++i)
      cli.push_back(time_process({o_.sunlit, "--db", o_.db, "--now", o_.now, "timers", "tick"}));
    Spread s = spread(t), c = spread(cli);
    add("tick_idle_ms", "timer tick, nothing due, in process, median", s.median, "ms", "< 5 ms", s.median < 5);
    add("tick_idle_cli_ms", "`sunlit timers tick`, nothing due, whole process, median", c.median, "ms");
  }

  // Five ticks, each at the due instant of the 10th pending timer after those that cannot fire
  // (a generated case whose timer fails stays due and is retried by every tick), so ~10 fire.
  void tick_due() {
    std::vector<double> t;
    std::vector<int> fired, failed;
    auto first = svc_.tick(clock_.now());
    const int stuck = std::holds_alternative<TickReport>(first) ? std::get<TickReport>(first).failed : 0;
    out["tick_due_stuck"] = stuck;
    for (int i = 0; i < 5; ++i) {
      auto due = store_.due_timers(std::numeric_limits<Instant>::max() / 2, stuck + 10);
      if (!due || static_cast<int>(due->size()) < stuck + 10) break;
      Instant at = due->back().due;
      clock_.set(at);
      auto t0 = Steady::now();
      auto r = svc_.tick(at);
      t.push_back(ms_since(t0));
      auto* rep = std::get_if<TickReport>(&r);
      fired.push_back(rep ? rep->fired : -1);
      failed.push_back(rep ? rep->failed : -1);
      if (i == 0) out["tick_due_at"] = format_local(at);
    }
    if (t.empty()) return;
    out["tick_due_fired"] = fired;
    out["tick_due_all_ms"] = t;
    Spread s = spread(t);
    add("tick_due_ms",
        fmt::format("timer tick with ~10 due (fired {}, failed {}), one transaction per round, in process, median of {}",
                    json(fired).dump(), json(failed).dump(), t.size()),
        s.median, "ms", "< 5 ms", s.median < 5);
  }

  void replay_one() {
    auto ids = sample(static_cast<std::size_t>(std::max(o_.runs, 200)));
    clock_.set(*parse_instant(o_.now));
    svc_.replay(ids.front(), std::nullopt);  // compiles the definitions once (cached per process)
    std::vector<double> whole, pure;
    std::size_t diffs = 0;
    for (const auto& id : ids) {
      auto t0 = Steady::now();
      auto r = svc_.replay(id, std::nullopt);
      whole.push_back(ms_since(t0));
      if (auto* rep = std::get_if<ReplayReport>(&r)) diffs += rep->differences.size() + (rep->replay.error ? 1 : 0);
      else ++diffs;
      auto row = store_.load_case(id);
      auto ev = store_.events(id);
      if (!row || !ev) continue;
      auto cp = svc_.compiled(row->definition_id);
      std::vector<CaseEvent> events;
      for (const auto& e : *ev) events.push_back(from_log(e));
      t0 = Steady::now();
      auto rep = replay(*std::get<std::shared_ptr<const CompiledProcess>>(cp), events, Calendar::builtin(), std::nullopt,
                        clock_.now());
      pure.push_back(ms_since(t0));
    }
    out["replay_differences"] = diffs;
    Spread w = spread(whole), p = spread(pure);
    add("replay_case_ms", fmt::format("replay of one case in process (CaseService::replay: read, rebuild, compare), median of {}",
                                      ids.size()),
        w.median, "ms", "< 1 ms", w.median < 1);
    add("replay_case_p90_ms", "  same, 90th percentile", w.p90, "ms");
    add("replay_pure_ms", "  of which replay() on decoded events (timeline included), median", p.median, "ms");
    add("replay_differences", "  snapshots differing from their replay", static_cast<double>(diffs), "", "0", diffs == 0);
  }

  void throughput() {
    // Read every case's events (one query per case, as replay does).
    auto t0 = Steady::now();
    std::vector<std::vector<Event>> logs;
    logs.reserve(ids_.size());
    std::int64_t events = 0;
    for (const auto& id : ids_) {
      auto ev = store_.events(id);
      if (!ev) return;
      events += static_cast<std::int64_t>(ev->size());
      logs.push_back(std::move(*ev));
    }
    double read_ms = ms_since(t0);
    double c0 = cpu_ms();
    t0 = Steady::now();
    std::vector<std::vector<CaseEvent>> decoded(logs.size());
    for (std::size_t i = 0; i < logs.size(); ++i)
      for (const auto& e : logs[i]) decoded[i].push_back(from_log(e));
    double decode_ms = ms_since(t0);
    double decode_cpu = cpu_ms() - c0;
    c0 = cpu_ms();
    t0 = Steady::now();
    std::size_t failed = 0, closed = 0;
    for (const auto& log : decoded) {
      CaseState s;
      std::string why;
      for (const auto& e : log)
        if (!apply(s, e, &why)) ++failed;
      closed += s.closed;
    }
    double apply_ms = ms_since(t0);
    double apply_cpu = cpu_ms() - c0;
    // `audit replay --all`: straight from the database (scan + FastApplier), 1 and 2 connections.
    auto replay_all = [&](int threads, bool compare, double* cpu) {
      double c = cpu_ms();
      auto t = Steady::now();
      auto r = svc_.replay_all(threads, compare);
      double ms = ms_since(t);
      *cpu = cpu_ms() - c;
      const auto* rep = std::get_if<ReplayAllReport>(&r);
      if (!rep || rep->events != events || !rep->failed.empty() || !rep->differed.empty()) ++failed;
      return ms;
    };
    double all1_cpu = 0, all2_cpu = 0, cmp_cpu = 0;
    double all1_ms = replay_all(1, false, &all1_cpu);
    double all2_ms = replay_all(2, false, &all2_cpu);
    double cmp_ms = replay_all(2, true, &cmp_cpu);
    std::map<std::int64_t, std::shared_ptr<const CompiledProcess>> cps;
    t0 = Steady::now();
    for (const auto& log : decoded) {
      std::int64_t def = log.front().payload.value("definition_id", std::int64_t{0});
      auto& cp = cps[def];
      if (!cp) {
        auto c = svc_.compiled(def);
        if (auto* e = std::get_if<CaseError>(&c)) {
          std::cerr << "bench_scale: " << e->message << "\n";
          ++failed;
          break;
        }
        cp = std::get<std::shared_ptr<const CompiledProcess>>(c);
      }
      auto r = replay(*cp, log, Calendar::builtin(), std::nullopt, clock_.now());
      failed += r.error.has_value();
    }
    double timeline_ms = ms_since(t0);
    auto per_s = [&](double ms) { return static_cast<double>(events) / (ms / 1000); };
    add("tp_all2", "replay from the database (`audit replay --all`: scan + apply), 2 connections", per_s(all2_ms),
        "events/s", "> 1,000,000/s", per_s(all2_ms) > 1e6);
    add("tp_all1", "  same, 1 connection", per_s(all1_ms), "events/s", "> 1,000,000/s", per_s(all1_ms) > 1e6);
    add("tp_all1_cpu", "  same, 1 connection, per CPU-second", per_s(all1_cpu), "events/s");
    add("tp_all_compare", "  2 connections, each case also compared with its stored snapshot", per_s(cmp_ms),
        "events/s");
    out["throughput_events"] = events;
    out["throughput_failed"] = failed;
    add("tp_events", "events replayed (every case)", static_cast<double>(events), "");
    add("tp_apply", "  for reference: apply() on events decoded with nlohmann", per_s(apply_ms), "events/s");
    add("tp_decode_apply", "  for reference: nlohmann decode of the payloads + apply()", per_s(decode_ms + apply_ms),
        "events/s");
    add("tp_read_decode_apply", "replay from disk: read (per case) + decode + apply()",
        per_s(read_ms + decode_ms + apply_ms), "events/s");
    add("tp_timeline", "replay(): state + timeline (time used per step), on decoded events", per_s(timeline_ms),
        "events/s");
    add("tp_apply_cpu", "  for reference: apply(), per CPU-second", per_s(apply_cpu), "events/s");
    add("tp_decode_apply_cpu", "  for reference: nlohmann decode + apply(), per CPU-second", per_s(decode_cpu + apply_cpu),
        "events/s");
    add("tp_read_ms", "  read every case's events (one query per case)", read_ms, "ms");
    add("tp_decode_ms", "  decode payloads", decode_ms, "ms");
    add("tp_apply_ms", "  apply", apply_ms, "ms");
    // Verify every chain.
    t0 = Steady::now();
    c0 = cpu_ms();
    auto v = store_.verify_chains("");
    double verify_ms = ms_since(t0);
    double verify_cpu = cpu_ms() - c0;
    if (v) out["verify_findings"] = v->findings.size();
    add("verify_s", fmt::format("`audit verify` of the whole database (Store::verify_chains, {})",
                                v && v->ok() ? "all chains verify" : "FINDINGS"),
        verify_ms / 1000, "s", "< 5 s", verify_ms < 5000);
    add("verify_cpu_s", "  CPU time of the verify", verify_cpu / 1000, "s", "< 5 s", verify_cpu < 5000);
    add("verify_rate", "  verify rate", static_cast<double>(events) / (verify_ms / 1000), "events/s");
    std::vector<double> cli;
    cli.push_back(time_process({o_.sunlit, "--db", o_.db, "audit", "verify"}));
    add("verify_cli_s", "`sunlit audit verify`, whole process", cli.front() / 1000, "s", "< 5 s",
        cli.front() >= 0 && cli.front() < 5000);
  }

 private:
  const Options& o_;
  Store& store_;
  FixedClock& clock_;
  CaseService svc_;
  std::vector<std::string> ids_;
  std::int64_t events_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") o.db = next();
    else if (a == "--sunlit") o.sunlit = next();
    else if (a == "--now") o.now = next();
    else if (a == "--runs") o.runs = std::stoi(next());
    else if (a == "--json") o.json = true;
    else if (a == "--scale") o.scale = true;
    else if (a == "--tick-due") o.tick_due = true;
    else if (a == "--throughput") o.throughput = true;
    else {
      std::cerr << "bench_scale: unknown option " << a << "\n";
      return 2;
    }
  }
  if (!o.scale && !o.tick_due && !o.throughput) o.scale = o.throughput = true;
  if (o.db.empty() || !fs::exists(o.db)) {
    std::cerr << "bench_scale: --db PATH of an existing database (bench/gen_cases) is required\n";
    return 2;
  }
  if (o.sunlit.empty()) o.sunlit = (fs::canonical("/proc/self/exe").parent_path().parent_path() / "sunlit").string();
  auto now = parse_instant(o.now);
  if (!now) return 2;
  auto opened = Store::open(o.db);
  if (!opened) {
    std::cerr << "bench_scale: " << opened.error().message << "\n";
    return 3;
  }
  FixedClock clock(*now);
  Bench b(o, **opened, clock);
  if (!b.prepare()) return 3;
  std::string load_before = load_average();
  b.size();
  if (o.scale) {
    b.worklist();
    b.show();
    b.tick_idle();
    b.replay_one();
  }
  if (o.throughput) b.throughput();
  if (o.tick_due) b.tick_due();
  b.out["load_before"] = load_before;
  b.out["load_after"] = load_average();
  if (o.json) {
    std::cout << b.out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("database {}; load average before {}, after {}\n\n", o.db, load_before, load_average());
  std::cout << fmt::format("| {:<90} | {:>16} | {:<14} | {:<7} |\n", "measure", "figure", "goal", "verdict");
  std::cout << fmt::format("|{:-<92}|{:->18}|{:-<16}|{:-<9}|\n", "", "", "", "");
  for (const auto& r : b.rows)
    std::cout << fmt::format("| {:<90} | {:>16} | {:<14} | {:<7} |\n", r.measure, r.figure, r.goal, r.verdict);
  return 0;
}
