// Benchmark (issue 3): cases through a ten-task process, every step one durable transaction.
//
// The process is bench/data/bench-process.yaml (organisation bench/data/bench.org.yaml): ten
// tasks per case, an exclusive choice on `amount` (set when the case is opened; odd cases take
// the `detailed` branch, even ones `simple`) and a three-branch parallel split/join. A step is
// one external action: one CaseService::advance() call (or runtime advance() in memory). Case
// opening is a durable transaction too, but it is counted and timed apart from the steps.
//
// Modes (several may be given; none = all, in this order):
//   --durable   N cases via CaseService on a fresh database file, synchronous=FULL then NORMAL
//   --memory    the same steps on CaseState only (runtime open_case/advance + apply), no store
//   --floor     SQLite alone: commits/s of BEGIN IMMEDIATE; 4-row INSERT; COMMIT (WAL, FULL/NORMAL)
//   --rss       memory per open case: N cases' CaseState kept in memory, RSS delta / N
//   --paired R  the floor and sunlit durable, both synchronous=FULL, taking turns in R rounds (a
//               slice of --floor-commits and of --cases each; which goes first alternates), so
//               both see the disk in the same minutes; reports both totals and each round's ratio
// Options:
//   --cases N          cases for --durable (default 10000)
//   --sync full|normal|both|none   which durabilities --durable and --floor measure (default both;
//                      none with --group: only the group-commit runs)
//   --reps N           cases for --memory (default 100000; each is ten steps)
//   --floor-commits N  transactions per durability for --floor (default 20000)
//   --live N           cases for --rss (default 10000)
//   --group K          also --durable and --floor with group commit (engine/group_commit.h): K
//                      threads, each action its own transaction, acknowledged after an fsync covering it
//   --max-seconds S    stop --durable (per durability) and --floor (per durability) once S seconds
//                      have passed (after the case or commit under way); reports the count done
//   --dir DIR          where the database files go (default: the current directory)
//   --data DIR         the fixture folder (default: bench/data beside this source file)
//   --json             one JSON object on stdout instead of the table
//   --prepare DB --cases N   deploy the fixture into DB and open N cases waiting at `accept`
//                      (for timing `sunlit case advance` as a process); prints their numbers.
//   --write-batch DIR --cases N   write DIR/opens.jsonl (N openings) and DIR/steps.jsonl (their
//                      ten steps each, step by step across the cases) for `sunlit case batch`, the
//                      case numbers as a fresh database gives them (2026-000001, …); the steps are
//                      found by running each case in memory.
//   --advance-one DB CASE   what `sunlit case advance CASE --action done --as ann` does, as a
//                      process of its own (open the store, CaseService::advance, print the result
//                      line): the proxy timed by bench/cases.sh when the CLI has no `case` command.
// The clock is fixed at 2026-03-02T09:00 (Shanghai), so case numbers are 2026-000001, …
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/compiler.h"
#include "engine/group_commit.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "engine/sqlite.h"
#include "engine/store.h"
#include "engine/workspace.h"

namespace {

using namespace sunlit;
using json = nlohmann::json;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

// CPU time of this process, in seconds (less disturbed than wall time on a shared machine).
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Resident set size now, in bytes (/proc/self/statm).
long long rss_bytes() {
  std::ifstream in("/proc/self/statm");
  long long size = 0, resident = 0;
  in >> size >> resident;
  return resident * static_cast<long long>(sysconf(_SC_PAGESIZE));
}

// Peak resident set size of this process so far, in bytes.
long long peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<long long>(u.ru_maxrss) * 1024;
}

long long size_of(const fs::path& p) {
  std::error_code ec;
  auto n = fs::file_size(p, ec);
  return ec ? 0 : static_cast<long long>(n);
}

struct Options {
  bool durable = false, memory = false, floor = false, rss = false, as_json = false;
  bool full = true, normal = true;
  int cases = 10000, reps = 100000, floor_commits = 20000, live = 10000;
  double max_seconds = 0;  // 0: no bound
  int group = 0;           // > 0: also --durable and --floor with group commit over this many threads
  int paired = 0;          // > 0: the floor and sunlit FULL in this many alternating rounds
  std::string dir = ".", data, prepare, one_db, one_case, write_batch;
};

// The fixture, loaded, validated and compiled once.
struct Fixture {
  std::vector<std::string> files;
  std::shared_ptr<const CompiledProcess> cp;
  std::map<std::string, Command> by_step;  // the action an official takes at each task
};

Fixture load_fixture(const std::string& data) {
  Fixture f;
  f.files = {data + "/bench.org.yaml", data + "/bench-process.yaml"};
  Workspace ws = load_workspace(f.files);
  if (ws.diags.error_count() > 0 || ws.processes.size() != 1 || ws.organisations.size() != 1) {
    std::fputs(ws.diags.render().c_str(), stderr);
    throw std::runtime_error("the benchmark fixture does not validate: " + data);
  }
  f.cp = compile(ws.processes.front(), ws.organisations.front());
  // One official per post; every task has one action (approve: grant, the others: done).
  std::map<std::string, std::string> official_of;
  for (const auto& o : ws.organisations.front().officials)
    for (const auto& p : o.posts) official_of.emplace(p.name, o.id);
  for (const auto& s : ws.processes.front().steps) {
    if (s.kind != StepKind::task) continue;
    f.by_step[s.id] = Command{s.actions.front().name, official_of.at(s.post.name), s.id, {}, ""};
  }
  return f;
}

const Instant kNow = *parse_instant("2026-03-02T09:00");

std::vector<std::pair<std::string, std::string>> open_sets(int i) {
  return {{"amount", i % 2 ? "5000" : "500"}};
}

[[noreturn]] void die(const std::string& what) { throw std::runtime_error(what); }

std::string error_text(const CaseError& e) { return e.message; }

// ---- durable: CaseService on a fresh file ----------------------------------------------------

struct DurableResult {
  std::string sync;
  int cases = 0;
  long long steps = 0, events = 0;
  double open_s = 0, step_s = 0;
  long long db_bytes = 0;
};

// After a durable run: the events stored and the file's size once its WAL is checkpointed.
void count_stored(const fs::path& db, DurableResult& r) {
  sql::Db raw;
  if (!raw.open(db.string(), sql::OpenMode::read_write_create).ok()) die("cannot reopen " + db.string());
  {
    sql::Statement q = raw.prepare("SELECT count(*) FROM events");
    if (q.step().row()) r.events = q.int64(0);
  }
  raw.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  r.db_bytes = size_of(db) + size_of(db.string() + "-wal");
}

// A fresh database file with the fixture deployed, where cases run one official at a time: each
// step one CaseService::advance(), its own transaction, answered after its fsync (FULL) or not.
class DurableRun {
 public:
  DurableRun(const Options& o, const Fixture& f, Durability d, const std::string& name)
      : f_(f), db_(fs::path(o.dir) / fmt::format("bench-{}.db", name)) {
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db_.string() + ext);
    StoreOptions so;
    so.durability = d;
    auto store = Store::open(db_.string(), so);
    if (!store) die(store.error().message);
    store_ = std::move(*store);
    svc_ = std::make_unique<CaseService>(*store_, clock_);
    Diagnostics diags;
    auto deployed = svc_->deploy(f.files, "bench", diags);
    if (auto* e = std::get_if<CaseError>(&deployed)) die(e->message + "\n" + diags.render());
  }
  const fs::path& db() const { return db_; }
  void close() {  // the store closed (its WAL emptied), so the file can be measured
    svc_.reset();
    store_.reset();
  }

  // Opens case i and advances it to its end: its opening timed into r.open_s, its steps into r.step_s.
  void run_case(int i, DurableResult& r) {
    auto t0 = Steady::now();
    auto opened = svc_->open("BENCH-1", fmt::format("Party {}", i), open_sets(i), "ann");
    r.open_s += seconds_since(t0);
    if (auto* e = std::get_if<CaseError>(&opened)) die("open: " + error_text(*e));
    CaseView v = std::move(std::get<CaseView>(opened));
    t0 = Steady::now();
    int n = 0;
    while (!v.closed) {
      if (v.open.empty()) die("case " + v.id + " is stuck");
      auto next = svc_->advance(v.id, f_.by_step.at(v.open.front().step));
      if (auto* e = std::get_if<CaseError>(&next)) die("advance " + v.id + ": " + error_text(*e));
      v = std::move(std::get<CaseView>(next));
      ++n;
    }
    r.step_s += seconds_since(t0);
    if (v.outcome != "granted" || n != 10) die(fmt::format("case {} ended {} after {} steps", v.id, v.outcome, n));
    r.steps += n;
    ++r.cases;
  }

 private:
  const Fixture& f_;
  fs::path db_;
  FixedClock clock_{kNow};
  std::unique_ptr<Store> store_;
  std::unique_ptr<CaseService> svc_;
};

DurableResult run_durable(const Options& o, const Fixture& f, Durability d) {
  DurableResult r;
  r.sync = d == Durability::full ? "FULL" : "NORMAL";
  DurableRun run(o, f, d, d == Durability::full ? "cases-full" : "cases-normal");
  auto start = Steady::now();
  for (int i = 0; i < o.cases; ++i) {
    if (o.max_seconds > 0 && seconds_since(start) > o.max_seconds) break;
    run.run_case(i, r);
  }
  run.close();
  count_stored(run.db(), r);
  return r;
}

// ---- group commit: officials in several threads, one fsync per group ----------------------------

// N threads through one GroupCommit (engine/group_commit.h): each action its own transaction,
// acknowledged after an fsync covering it. First the cases are opened, N at a time, timed apart as
// with FULL and NORMAL; then the threads take the cases one after another, each case run to its end
// by one thread. Steps per second are over the second phase's wall time.
DurableResult run_durable_group(const Options& o, const Fixture& f, int threads, long long& syncs) {
  DurableResult r;
  r.sync = fmt::format("GROUP x{}", threads);
  fs::path db = fs::path(o.dir) / "bench-cases-group.db";
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db.string() + ext);
  FixedClock clock(kNow);
  {
    StoreOptions so;
    so.durability = Durability::group;
    auto store = Store::open(db.string(), so);
    if (!store) die(store.error().message);
    {
      CaseService deployer(**store, clock);
      Diagnostics diags;
      auto deployed = deployer.deploy(f.files, "bench", diags);
      if (auto* e = std::get_if<CaseError>(&deployed)) die(e->message + "\n" + diags.render());
    }
    auto group = GroupCommit::start(**store, clock);
    if (!group) die(group.error().message);
    GroupCommit& g = **group;
    std::vector<CaseView> views(static_cast<size_t>(o.cases));
    std::atomic<int> next{0}, done_cases{0};
    std::atomic<long long> steps{0};
    std::mutex failure_mutex;
    std::string failure;
    auto fail = [&](const std::string& why) {  // keeps the reason; false stops the thread
      std::lock_guard lock(failure_mutex);
      failure = why;
      return false;
    };
    auto in_parallel = [&](const std::function<bool(int)>& each) {  // each(i) false: stop this thread
      next = 0;
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
          for (int i = next++; i < o.cases; i = next++)
            if (!each(i)) return;
        });
      for (auto& t : pool) t.join();
    };
    auto start = Steady::now();
    in_parallel([&](int i) {
      auto opened = g.open("BENCH-1", fmt::format("Party {}", i), open_sets(i), "ann");
      if (auto* e = std::get_if<CaseError>(&opened)) return fail("open: " + e->message);
      views[static_cast<size_t>(i)] = std::move(std::get<CaseView>(opened));
      return true;
    });
    r.open_s = seconds_since(start);
    if (!failure.empty()) die(failure);
    start = Steady::now();
    in_parallel([&](int i) {
      if (o.max_seconds > 0 && seconds_since(start) > o.max_seconds) return false;
      CaseView v = std::move(views[static_cast<size_t>(i)]);
      int n = 0;
      while (!v.closed) {
        if (v.open.empty()) return fail("case " + v.id + " is stuck");
        auto next_view = g.advance(v.id, f.by_step.at(v.open.front().step));
        if (auto* e = std::get_if<CaseError>(&next_view)) return fail("advance " + v.id + ": " + e->message);
        v = std::move(std::get<CaseView>(next_view));
        ++n;
      }
      if (v.outcome != "granted" || n != 10)
        return fail(fmt::format("case {} ended {} after {} steps", v.id, v.outcome, n));
      steps += n;
      ++done_cases;
      return true;
    });
    r.step_s = seconds_since(start);
    if (!failure.empty()) die(failure);
    r.steps = steps;
    r.cases = done_cases;
    syncs = g.syncs();
  }
  count_stored(db, r);
  return r;
}

// ---- in memory: runtime + CaseState only -------------------------------------------------------

struct MemoryResult {
  int cases = 0;
  long long steps = 0;
  double seconds = 0;         // advance + apply
  double cpu_s = 0;           // CPU time of the whole first pass (opening included)
  double decide_s = 0;        // of which: advance() (deciding)
  double derive_s = 0;        // extra pass: derive_row() + snapshot JSON per step (not in `seconds`)
};

// The runtime's events carry seq 0, which apply() numbers as last_seq + 1 (no copy needed).
void apply_all(CaseState& s, const std::vector<CaseEvent>& events) {
  std::string why;
  for (const auto& e : events)
    if (!apply(s, e, &why)) die("apply: " + why);
}

CaseState open_in_memory(const Fixture& f, int i) {
  auto opened = open_case(*f.cp, 1, 1, fmt::format("Party {}", i), open_sets(i), "ann", kNow);
  if (auto* e = std::get_if<CaseError>(&opened)) die("open_case: " + error_text(*e));
  CaseState s;
  apply_all(s, std::get<std::vector<CaseEvent>>(opened));
  return s;
}

MemoryResult run_memory(const Options& o, const Fixture& f) {
  MemoryResult r;
  double cpu0 = cpu_seconds();
  for (int i = 0; i < o.reps; ++i) {
    CaseState s = open_in_memory(f, i);
    auto t0 = Steady::now();
    int n = 0;
    while (!s.closed) {
      auto d0 = Steady::now();
      auto decided = advance(*f.cp, s, f.by_step.at(s.open.front().step), kNow);
      r.decide_s += seconds_since(d0);
      if (auto* e = std::get_if<CaseError>(&decided)) die("advance: " + error_text(*e));
      apply_all(s, std::get<std::vector<CaseEvent>>(decided));
      ++n;
    }
    r.seconds += seconds_since(t0);
    if (n != 10 || s.outcome != "granted") die("an in-memory case did not end after ten steps");
    r.steps += n;
    ++r.cases;
  }
  r.cpu_s = cpu_seconds() - cpu0;
  // A second, smaller pass: what deriving the stored row (snapshot JSON, open steps) adds per step.
  int derive_cases = std::max(1, o.reps / 10);
  long long derive_steps = 0;
  for (int i = 0; i < derive_cases; ++i) {
    CaseState s = open_in_memory(f, i);
    while (!s.closed) {
      auto decided = advance(*f.cp, s, f.by_step.at(s.open.front().step), kNow);
      apply_all(s, std::get<std::vector<CaseEvent>>(decided));
      auto d0 = Steady::now();
      CaseRow row = derive_row(*f.cp, s, kNow);
      for (const auto& e : std::get<std::vector<CaseEvent>>(decided)) {
        std::string payload = e.payload.dump();
        if (payload.empty()) die("empty payload");
      }
      r.derive_s += seconds_since(d0);
      if (row.snapshot.empty()) die("empty snapshot");
      ++derive_steps;
    }
  }
  r.derive_s = r.derive_s / static_cast<double>(derive_steps) * static_cast<double>(r.steps);
  return r;
}

// ---- batch files for `sunlit case batch` --------------------------------------------------------

json sets_json(const std::vector<std::pair<std::string, std::string>>& sets) {
  json j = json::object();
  for (const auto& [k, v] : sets) j[k] = v;
  return j;
}

int write_batch(const Options& o, const Fixture& f) {
  fs::create_directories(o.write_batch);
  std::ofstream opens(fs::path(o.write_batch) / "opens.jsonl"), steps(fs::path(o.write_batch) / "steps.jsonl");
  std::vector<std::vector<json>> lines(static_cast<size_t>(o.cases));
  for (int i = 0; i < o.cases; ++i) {
    opens << json{{"open", "BENCH-1"}, {"party", fmt::format("Party {}", i)}, {"as", "ann"}, {"set", sets_json(open_sets(i))}}.dump()
          << "\n";
    const std::string id = fmt::format("2026-{:06d}", i + 1);
    CaseState s = open_in_memory(f, i);
    while (!s.closed) {
      const Command& c = f.by_step.at(s.open.front().step);
      json line{{"case", id}, {"action", c.action}, {"as", c.official}};
      if (!c.step.empty()) line["step"] = c.step;
      if (!c.sets.empty()) line["set"] = sets_json(c.sets);
      lines[static_cast<size_t>(i)].push_back(std::move(line));
      auto decided = advance(*f.cp, s, c, kNow);
      if (auto* e = std::get_if<CaseError>(&decided)) die("advance: " + error_text(*e));
      apply_all(s, std::get<std::vector<CaseEvent>>(decided));
    }
  }
  for (size_t n = 0; n < 10; ++n)  // step by step across the cases, as a day's file would list them
    for (const auto& c : lines)
      if (n < c.size()) steps << c[n].dump() << "\n";
  return 0;
}

// ---- SQLite floor -----------------------------------------------------------------------------

struct FloorResult {
  std::string sync;
  int commits = 0;
  double seconds = 0;
};

// SQLite alone on a fresh file with the store's pragmas: BEGIN IMMEDIATE; 4 x INSERT; COMMIT.
class FloorRun {
 public:
  FloorRun(const Options& o, Durability d, const std::string& name) {
    fs::path db = fs::path(o.dir) / fmt::format("bench-{}.db", name);
    for (const char* ext : {"", "-wal", "-shm"}) fs::remove(db.string() + ext);
    if (!raw_.open(db.string(), sql::OpenMode::read_write_create).ok()) die("cannot open " + db.string());
    // The store's pragmas (engine/store_open.cpp): WAL, synchronous, foreign keys.
    sql::Status s = raw_.exec("PRAGMA journal_mode=WAL");
    if (s.ok()) s = raw_.exec(d == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (s.ok()) s = raw_.exec("PRAGMA foreign_keys=ON");
    if (s.ok())
      s = raw_.exec(
          "CREATE TABLE rows (case_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, "
          "PRIMARY KEY (case_id, seq)) STRICT, WITHOUT ROWID");
    if (!s.ok()) die("floor setup: " + s.message);
  }

  sql::Db& db() { return raw_; }

  // Transaction i: four rows of case i, each with a payload about the size of an event's.
  sql::Status write(int i) {
    sql::Transaction tx(raw_, std::chrono::milliseconds(5000));
    sql::Status s = tx.begin();
    std::string id = fmt::format("2026-{:06}", i);
    for (int k = 1; k <= 4 && s.ok(); ++k) {
      sql::Query q(raw_, "INSERT INTO rows (case_id, seq, kind, payload) VALUES (?1, ?2, ?3, ?4)");
      q->bind(1, id).bind(2, std::int64_t{k}).bind(3, "acted").bind(4, payload_);
      s = q->run();
    }
    if (s.ok()) s = tx.commit();
    return s;
  }
  void commit(int i) {
    sql::Status s = write(i);
    if (!s.ok()) die("floor commit: " + s.message);
  }

 private:
  sql::Db raw_;
  const std::string payload_ = std::string(120, 'x');
};

FloorResult run_floor(const Options& o, Durability d) {
  FloorResult r;
  r.sync = d == Durability::full ? "FULL" : "NORMAL";
  FloorRun floor(o, d, d == Durability::full ? "floor-full" : "floor-normal");
  auto t0 = Steady::now();
  for (int i = 0; i < o.floor_commits; ++i) {
    if (o.max_seconds > 0 && seconds_since(t0) > o.max_seconds) break;
    floor.commit(i);
    ++r.commits;
  }
  r.seconds = seconds_since(t0);
  return r;
}

// The floor with group commit: `threads` threads each committing 4-row transactions through a
// GroupSync on one connection (synchronous=NORMAL), each acknowledged after an fsync covering it.
FloorResult run_floor_group(const Options& o, int threads, long long& syncs) {
  FloorResult r;
  r.sync = fmt::format("GROUP x{}", threads);
  FloorRun floor(o, Durability::normal, "floor-group");
  sql::WalSync wal;
  sql::Status s = sql::WalSync::open(floor.db(), wal);
  if (!s.ok()) die("floor setup: " + s.message);
  GroupSync group([&wal]() -> std::optional<std::string> {
    sql::Status synced = wal.sync();
    return synced.ok() ? std::nullopt : std::optional<std::string>(synced.message);
  });
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  auto t0 = Steady::now();
  auto work = [&] {
    for (int i = next++; i < o.floor_commits && !failed; i = next++) {
      if (o.max_seconds > 0 && seconds_since(t0) > o.max_seconds) return;
      auto [st, sync_error] = group.run([&] { return floor.write(i); });
      if (!st.ok() || sync_error) failed = true;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  r.seconds = seconds_since(t0);
  if (failed) die("floor (group) commit failed");
  r.commits = static_cast<int>(group.writes());
  syncs = group.syncs();
  return r;
}

// ---- floor and sunlit FULL taking turns ---------------------------------------------------------

// The FULL ratio measured in the same minutes on both sides: `rounds` rounds, each a slice of
// the floor's commits and a slice of sunlit's cases (which goes first alternates), so a disk
// whose fsync speeds up or slows down between runs affects both alike.
struct PairedResult {
  int rounds = 0;
  FloorResult floor;
  DurableResult sunlit;
  std::vector<double> round_ratios;  // floor commits/s over sunlit steps/s, per round
};

PairedResult run_paired(const Options& o, const Fixture& f) {
  PairedResult p;
  p.floor.sync = p.sunlit.sync = "FULL";
  FloorRun floor(o, Durability::full, "paired-floor");
  DurableRun sunlit(o, f, Durability::full, "paired-cases");
  const int cases = std::max(1, o.cases / o.paired), commits = std::max(1, o.floor_commits / o.paired);
  auto start = Steady::now();
  for (int round = 0; round < o.paired; ++round) {
    if (o.max_seconds > 0 && seconds_since(start) > o.max_seconds) break;
    FloorResult fr;
    DurableResult sr;
    auto floor_slice = [&] {
      auto t0 = Steady::now();
      for (int i = 0; i < commits; ++i) floor.commit(round * commits + i);
      fr.commits = commits;
      fr.seconds = seconds_since(t0);
    };
    auto sunlit_slice = [&] {
      for (int i = 0; i < cases; ++i) sunlit.run_case(round * cases + i, sr);
    };
    if (round % 2 == 0) floor_slice(), sunlit_slice();
    else sunlit_slice(), floor_slice();
    p.round_ratios.push_back((fr.commits / fr.seconds) / (static_cast<double>(sr.steps) / sr.step_s));
    p.floor.commits += fr.commits;
    p.floor.seconds += fr.seconds;
    p.sunlit.cases += sr.cases;
    p.sunlit.steps += sr.steps;
    p.sunlit.step_s += sr.step_s;
    p.sunlit.open_s += sr.open_s;
    ++p.rounds;
  }
  return p;
}

// ---- memory per open case ---------------------------------------------------------------------

struct RssResult {
  int cases = 0;
  double bytes_per_case = 0;
  double snapshot_bytes = 0;  // the JSON snapshot a case keeps in the store
};

RssResult run_rss(const Options& o, const Fixture& f) {
  RssResult r;
  std::vector<CaseState> live;
  live.reserve(static_cast<size_t>(o.live));
  // Warm up the allocator and the runtime once so their one-off costs are not counted per case.
  { CaseState warm = open_in_memory(f, 0); }
  long long before = rss_bytes();
  for (int i = 0; i < o.live; ++i) live.push_back(open_in_memory(f, i));
  long long after = rss_bytes();
  r.cases = o.live;
  r.bytes_per_case = static_cast<double>(after - before) / o.live;
  r.snapshot_bytes = static_cast<double>(to_json(live.front()).dump().size());
  if (live.size() != static_cast<size_t>(o.live) || live.back().open.empty()) die("live cases are not open");
  return r;
}

// ---- prepare a database for timing the CLI ----------------------------------------------------

int prepare(const Options& o, const Fixture& f) {
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(o.prepare + ext);
  FixedClock clock(kNow);
  auto store = Store::open(o.prepare);
  if (!store) die(store.error().message);
  CaseService svc(**store, clock);
  Diagnostics diags;
  auto deployed = svc.deploy(f.files, "bench", diags);
  if (auto* e = std::get_if<CaseError>(&deployed)) die(e->message + "\n" + diags.render());
  for (int i = 0; i < o.cases; ++i) {
    auto opened = svc.open("BENCH-1", fmt::format("Party {}", i), open_sets(i), "ann");
    if (auto* e = std::get_if<CaseError>(&opened)) die("open: " + error_text(*e));
    std::cout << std::get<CaseView>(opened).id << "\n";
  }
  return 0;
}

// One advance as its own process, as cli/cmd_case.cpp's run_advance does it (the system clock).
class WallClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
};

int advance_one(const Options& o) {
  WallClock clock;
  auto store = Store::open(o.one_db);
  if (!store) die(store.error().message);
  CaseService svc(**store, clock);
  auto r = svc.advance(o.one_case, Command{"done", "ann", "", {}, ""});
  if (auto* e = std::get_if<CaseError>(&r)) die(e->message);
  const auto& v = std::get<CaseView>(r);
  std::cout << fmt::format("case {}: done by ann (case version {})\n", v.id, v.version);
  return 0;
}

Options parse(int argc, char** argv) {
  Options o;
  o.data = (fs::path(__FILE__).parent_path() / "data").string();
  auto value = [&](int& a) -> std::string {
    if (a + 1 >= argc) die(fmt::format("{} needs a value", argv[a]));
    return argv[++a];
  };
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg == "--durable") o.durable = true;
    else if (arg == "--memory") o.memory = true;
    else if (arg == "--floor") o.floor = true;
    else if (arg == "--rss") o.rss = true;
    else if (arg == "--json") o.as_json = true;
    else if (arg == "--cases") o.cases = std::stoi(value(a));
    else if (arg == "--reps") o.reps = std::stoi(value(a));
    else if (arg == "--floor-commits") o.floor_commits = std::stoi(value(a));
    else if (arg == "--live") o.live = std::stoi(value(a));
    else if (arg == "--dir") o.dir = value(a);
    else if (arg == "--max-seconds") o.max_seconds = std::stod(value(a));
    else if (arg == "--group") o.group = std::stoi(value(a));
    else if (arg == "--paired") o.paired = std::stoi(value(a));
    else if (arg == "--data") o.data = value(a);
    else if (arg == "--prepare") o.prepare = value(a);
    else if (arg == "--write-batch") o.write_batch = value(a);
    else if (arg == "--advance-one") {
      o.one_db = value(a);
      o.one_case = value(a);
    }
    else if (arg == "--sync") {
      std::string s = value(a);
      if (s != "full" && s != "normal" && s != "both" && s != "none") die("--sync takes full, normal, both or none");
      o.full = s == "full" || s == "both";
      o.normal = s == "normal" || s == "both";
    } else die("unknown option " + arg + " (see the comment at the top of bench/bench_cases.cpp)");
  }
  if (o.group < 0) die("--group takes a number of threads");
  if (o.paired < 0) die("--paired takes a number of rounds");
  if (o.cases < 1 || o.reps < 1 || o.floor_commits < 1 || o.live < 1) die("counts must be at least 1");
  if (!o.durable && !o.memory && !o.floor && !o.rss && o.paired == 0) o.durable = o.memory = o.floor = o.rss = true;
  return o;
}

int run(int argc, char** argv) {
  Options o = parse(argc, argv);
  if (!o.one_db.empty()) return advance_one(o);
  Fixture f = load_fixture(o.data);
  if (!o.prepare.empty()) return prepare(o, f);
  if (!o.write_batch.empty()) return write_batch(o, f);
  std::vector<Durability> syncs;
  if (o.full) syncs.push_back(Durability::full);
  if (o.normal) syncs.push_back(Durability::normal);

  json out = json::object();
  out["process"] = {{"tasks_per_case", 10}, {"steps_per_case", 10}, {"power", "BENCH-1"}};
  if (o.durable) {
    json a = json::array();
    for (auto d : syncs) {
      DurableResult r = run_durable(o, f, d);
      a.push_back({{"sync", r.sync}, {"cases", r.cases}, {"steps", r.steps}, {"events", r.events},
                   {"step_seconds", r.step_s}, {"steps_per_s", static_cast<double>(r.steps) / r.step_s},
                   {"open_seconds", r.open_s}, {"opens_per_s", r.cases / r.open_s},
                   {"us_per_step", 1e6 * r.step_s / static_cast<double>(r.steps)},
                   {"db_bytes", r.db_bytes},
                   {"bytes_per_event", static_cast<double>(r.db_bytes) / static_cast<double>(r.events)},
                   {"bytes_per_step", static_cast<double>(r.db_bytes) / static_cast<double>(r.steps)},
                   {"events_per_step", static_cast<double>(r.events) / static_cast<double>(r.steps + r.cases)}});
    }
    if (o.group > 0) {
      long long fsyncs = 0;
      DurableResult r = run_durable_group(o, f, o.group, fsyncs);
      a.push_back({{"sync", r.sync}, {"threads", o.group}, {"cases", r.cases}, {"steps", r.steps},
                   {"events", r.events}, {"step_seconds", r.step_s},
                   {"steps_per_s", static_cast<double>(r.steps) / r.step_s},
                   {"open_seconds", r.open_s}, {"opens_per_s", r.cases / r.open_s},
                   {"us_per_step", 1e6 * r.step_s / static_cast<double>(r.steps)}, {"fsyncs", fsyncs},
                   {"commits_per_fsync", static_cast<double>(r.steps + r.cases) / static_cast<double>(fsyncs)},
                   {"db_bytes", r.db_bytes},
                   {"bytes_per_event", static_cast<double>(r.db_bytes) / static_cast<double>(r.events)},
                   {"bytes_per_step", static_cast<double>(r.db_bytes) / static_cast<double>(r.steps)},
                   {"events_per_step", static_cast<double>(r.events) / static_cast<double>(r.steps + r.cases)}});
    }
    out["durable"] = a;
  }
  if (o.memory) {
    MemoryResult r = run_memory(o, f);
    double steps = static_cast<double>(r.steps);
    out["memory"] = {{"cases", r.cases}, {"steps", r.steps}, {"seconds", r.seconds},
                     {"steps_per_s", steps / r.seconds}, {"ns_per_step", 1e9 * r.seconds / steps},
                     {"ns_per_step_decide", 1e9 * r.decide_s / steps},
                     {"cpu_ns_per_step_with_open", 1e9 * r.cpu_s / steps},
                     {"ns_per_step_derive_row", 1e9 * r.derive_s / steps}};
  }
  if (o.floor) {
    json a = json::array();
    for (auto d : syncs) {
      FloorResult r = run_floor(o, d);
      a.push_back({{"sync", r.sync}, {"commits", r.commits}, {"seconds", r.seconds},
                   {"commits_per_s", r.commits / r.seconds}, {"us_per_commit", 1e6 * r.seconds / r.commits},
                   {"rows_per_commit", 4}});
    }
    if (o.group > 0) {
      long long fsyncs = 0;
      FloorResult r = run_floor_group(o, o.group, fsyncs);
      a.push_back({{"sync", r.sync}, {"threads", o.group}, {"commits", r.commits}, {"seconds", r.seconds},
                   {"commits_per_s", r.commits / r.seconds}, {"us_per_commit", 1e6 * r.seconds / r.commits},
                   {"rows_per_commit", 4}, {"fsyncs", fsyncs},
                   {"commits_per_fsync", static_cast<double>(r.commits) / static_cast<double>(fsyncs)}});
    }
    out["floor"] = a;
  }
  if (o.paired > 0) {
    PairedResult p = run_paired(o, f);
    std::vector<double> sorted = p.round_ratios;
    std::sort(sorted.begin(), sorted.end());
    const double floor_cps = p.floor.commits / p.floor.seconds;
    const double sunlit_sps = static_cast<double>(p.sunlit.steps) / p.sunlit.step_s;
    out["paired"] = {{"sync", "FULL"}, {"rounds", p.rounds}, {"floor_commits", p.floor.commits},
                     {"floor_seconds", p.floor.seconds}, {"floor_commits_per_s", floor_cps},
                     {"cases", p.sunlit.cases}, {"steps", p.sunlit.steps}, {"step_seconds", p.sunlit.step_s},
                     {"steps_per_s", sunlit_sps}, {"floor_over_sunlit", floor_cps / sunlit_sps},
                     {"round_ratios", p.round_ratios},
                     {"round_ratio_median", sorted.empty() ? 0.0 : sorted[sorted.size() / 2]}};
  }
  if (o.rss) {
    RssResult r = run_rss(o, f);
    out["rss"] = {{"cases", r.cases}, {"bytes_per_open_case", r.bytes_per_case}, {"snapshot_bytes", r.snapshot_bytes}};
  }
  out["peak_rss_bytes"] = peak_rss_bytes();

  if (o.as_json) {
    std::cout << out.dump() << "\n";
    return 0;
  }
  std::printf("bench_cases: process BENCH-1, 10 steps per case (steps = advance calls; opening counted apart)\n");
  std::printf("%-28s %12s %12s %12s\n", "measure", "count", "per second", "us each");
  if (out.contains("durable"))
    for (const auto& d : out["durable"]) {
      std::printf("%-28s %12lld %12.0f %12.1f\n", fmt::format("durable steps ({})", d["sync"].get<std::string>()).c_str(),
                  d["steps"].get<long long>(), d["steps_per_s"].get<double>(), d["us_per_step"].get<double>());
      std::printf("%-28s %12d %12.0f %12.1f\n", fmt::format("durable opens ({})", d["sync"].get<std::string>()).c_str(),
                  d["cases"].get<int>(), d["opens_per_s"].get<double>(), 1e6 / d["opens_per_s"].get<double>());
      if (d.contains("fsyncs"))
        std::printf("%-28s %12lld fsyncs, %.1f commits per fsync (openings and steps)\n", "  group commit",
                    d["fsyncs"].get<long long>(), d["commits_per_fsync"].get<double>());
      std::printf("%-28s %12.0f bytes/event, %.0f bytes/step, %.2f events/step\n", "  on disk",
                  d["bytes_per_event"].get<double>(), d["bytes_per_step"].get<double>(),
                  d["events_per_step"].get<double>());
    }
  if (out.contains("memory")) {
    const auto& m = out["memory"];
    std::printf("%-28s %12lld %12.0f %12.3f\n", "in-memory steps", m["steps"].get<long long>(),
                m["steps_per_s"].get<double>(), m["ns_per_step"].get<double>() / 1000);
    std::printf("%-28s %12s %12s %12.3f\n", "  of which advance()", "", "", m["ns_per_step_decide"].get<double>() / 1000);
    std::printf("%-28s %12s %12s %12.3f\n", "  CPU time, opening incl.", "", "",
                m["cpu_ns_per_step_with_open"].get<double>() / 1000);
    std::printf("%-28s %12s %12s %12.3f\n", "  + derive_row (not incl.)", "", "",
                m["ns_per_step_derive_row"].get<double>() / 1000);
  }
  if (out.contains("floor"))
    for (const auto& d : out["floor"])
      std::printf("%-28s %12d %12.0f %12.1f\n", fmt::format("SQLite floor ({})", d["sync"].get<std::string>()).c_str(),
                  d["commits"].get<int>(), d["commits_per_s"].get<double>(), d["us_per_commit"].get<double>());
  if (out.contains("paired")) {
    const auto& p = out["paired"];
    std::printf("%-28s %12d %12.0f %12.1f\n", "paired: SQLite floor (FULL)", p["floor_commits"].get<int>(),
                p["floor_commits_per_s"].get<double>(), 1e6 / p["floor_commits_per_s"].get<double>());
    std::printf("%-28s %12lld %12.0f %12.1f\n", "paired: durable steps (FULL)", p["steps"].get<long long>(),
                p["steps_per_s"].get<double>(), 1e6 / p["steps_per_s"].get<double>());
    std::string rounds;
    for (const auto& r : p["round_ratios"]) rounds += fmt::format(" {:.2f}", r.get<double>());
    std::printf("%-28s %12.2f  (%d rounds:%s)\n", "paired: floor/sunlit", p["floor_over_sunlit"].get<double>(),
                p["rounds"].get<int>(), rounds.c_str());
  }
  if (out.contains("rss"))
    std::printf("%-28s %12d %12.0f bytes/case (snapshot %.0f bytes)\n", "memory per open case",
                out["rss"]["cases"].get<int>(), out["rss"]["bytes_per_open_case"].get<double>(),
                out["rss"]["snapshot_bytes"].get<double>());
  std::printf("%-28s %12.1f MB\n", "peak RSS", static_cast<double>(out["peak_rss_bytes"].get<long long>()) / 1e6);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_cases: %s\n", e.what());
    return 1;
  }
}
