// The crash-test driver (docs/robustness.md): a real process that opens and advances cases of
// the test fixtures (tests/data/cases: T-1 shop licence, T-2 licence with time limits) in a
// loop and ticks the timers now and then, on a fixed clock that moves STEP minutes per
// iteration from START. It writes one line to LOG (one write(2) each, so a SIGKILL never
// leaves half a line) before each change ("begin") and after each change returned
// ("acknowledged"). tests/crash/crash.py kills it with SIGKILL at random moments and checks
// the database against the acknowledged lines.
//
// Usage: sunlit_crash_driver DB LOG START STEP_MINUTES ITERATIONS SEED
// Log lines (tab-separated):
//   begin  WHAT                       a change is about to be made
//   open   CASE VERSION               a case was opened (acknowledged)
//   advance CASE VERSION STEP ACTION  an action was committed (acknowledged)
//   refused CASE STEP ACTION          a refusal was recorded (acknowledged)
//   fired  CASE                       a timer of the case fired (acknowledged, after its tick)
//   tick   FIRED RACED FAILED         a tick returned
//   error  KIND MESSAGE               a change failed without a refusal (KIND "input": a stale
//                                     choice, expected; "conflict", "busy", "storage", "timer": not)
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/service.h"
#include "engine/store.h"

using namespace sunlit;

namespace {

// The append-only log of what the driver did.
class Log {
 public:
  explicit Log(const std::string& path) : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644)) {}
  ~Log() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }
  // One line, one write(2): the kernel has it when this returns, whatever happens to us next.
  void line(const std::string& text) {
    std::string l = text + "\n";
    if (::write(fd_, l.data(), l.size()) != static_cast<ssize_t>(l.size())) std::perror("log");
  }

 private:
  int fd_;
};

const char* kind_name(CaseError::Kind k) {
  switch (k) {
    case CaseError::conflict: return "conflict";
    case CaseError::busy: return "busy";
    case CaseError::storage: return "storage";
    case CaseError::wrong_post:
    case CaseError::separation: return "refused";
    default: return "input";  // e.g. the step the driver chose closed meanwhile
  }
}

// The official who acts on a step: the post's holder in town.org.yaml (reviewers: one who has
// not signed yet; decisions always by dee, who never reviews, so separation of duty holds).
std::string official_for(const OpenStepView& step, std::mt19937& rng) {
  if (step.post == "intake") return rng() % 2 ? "ann" : "ida";
  if (step.post == "head") return "dee";
  if (step.post == "fire_officer") return "fay";
  if (step.post == "reviewer") {
    bool bob_signed = false;
    for (const auto& s : step.signatures) bob_signed = bob_signed || s.find("bob") != std::string::npos;
    return bob_signed ? "cy" : "bob";
  }
  return "ann";  // a wait step: anyone may act for the party
}

// The driver's state: the service on one store, its clock, its log and its dice.
struct Driver {
  Store& store;
  FixedClock& clock;
  CaseService service;
  Log& log;
  std::mt19937 rng;
  int iteration = 0;

  void open_case() {
    std::string power = rng() % 2 ? "T-1" : "T-2";
    log.line("begin\topen " + power);
    auto r = service.open(power, fmt::format("Party {}", iteration), {}, "");
    if (auto* e = std::get_if<CaseError>(&r)) return error(*e);
    const auto& v = std::get<CaseView>(r);
    log.line(fmt::format("open\t{}\t{}", v.id, v.version));
  }

  void advance_case(const std::string& id) {
    auto shown = service.show(id);
    if (auto* e = std::get_if<CaseError>(&shown)) return error(*e);
    const CaseView& c = std::get<CaseView>(shown);
    if (c.closed || c.open.empty()) return;
    const OpenStepView& step = c.open[rng() % c.open.size()];
    std::vector<std::string> actions;
    for (const auto& a : step.actions)
      if (a != kWithdrawAction) actions.push_back(a);
    if (actions.empty()) return;
    Command cmd;
    cmd.action = actions[rng() % actions.size()];
    cmd.step = step.step;
    cmd.official = rng() % 20 == 0 ? "fay" : official_for(step, rng);  // now and then the wrong post
    if (c.power == "T-1" && cmd.action == "accept") cmd.sets = {{"area", rng() % 2 ? "40" : "150"}};
    log.line(fmt::format("begin\tadvance {} {} {} as {}", id, step.step, cmd.action, cmd.official));
    auto r = service.advance(id, cmd);
    if (auto* e = std::get_if<CaseError>(&r)) {
      if (e->refusal()) return log.line(fmt::format("refused\t{}\t{}\t{}", id, step.step, cmd.action));
      return error(*e);
    }
    log.line(fmt::format("advance\t{}\t{}\t{}\t{}", id, std::get<CaseView>(r).version, step.step, cmd.action));
  }

  void tick() {
    log.line("begin\ttick");
    auto r = service.tick(clock.now());
    if (auto* e = std::get_if<CaseError>(&r)) return error(*e);
    const auto& t = std::get<TickReport>(r);
    for (const auto& l : t.lines) {
      if (l.find(": not fired: ") != std::string::npos) log.line("error\ttimer\t" + l);  // fails the test
      else log.line("fired\t" + l.substr(0, l.find(' ')));
    }
    log.line(fmt::format("tick\t{}\t{}\t{}", t.fired, t.raced, t.failed));
  }

  void error(const CaseError& e) {
    std::string message = e.message;
    for (auto& ch : message)
      if (ch == '\n' || ch == '\t') ch = ' ';
    log.line(fmt::format("error\t{}\t{}", kind_name(e.kind), message));
  }

  // One iteration: mostly an action on a random open case, sometimes a new case or a tick.
  void step(Instant now) {
    clock.set(now);
    ++iteration;
    if (iteration % 4 == 0) return tick();
    WorklistFilter open_only;
    open_only.status = CaseStatus::open;
    auto open = store.worklist(open_only);
    if (!open) return log.line("error\tstorage\t" + open.error().message);
    if (open->empty() || rng() % 4 == 0) return open_case();
    advance_case((*open)[rng() % open->size()].id);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s DB LOG START STEP_MINUTES ITERATIONS SEED\n", argv[0]);
    return 2;
  }
  auto start = parse_instant(argv[3]);
  if (!start) {
    std::fprintf(stderr, "not a time: %s\n", argv[3]);
    return 2;
  }
  const Instant step = std::atoll(argv[4]) * 60;
  const int iterations = std::atoi(argv[5]);
  Log log(argv[2]);
  if (!log.ok()) {
    std::perror(argv[2]);
    return 3;
  }
  auto store = Store::open(argv[1]);
  if (!store) {
    log.line("error\tstorage\t" + store.error().message);
    return 3;
  }
  FixedClock clock(*start);
  Driver d{**store, clock, CaseService(**store, clock), log,
           std::mt19937(static_cast<std::mt19937::result_type>(std::atoll(argv[6]))), 0};
  d.tick();  // first the timers that fell due while no driver ran
  for (int i = 1; i <= iterations; ++i) d.step(*start + i * step);
  log.line("done");
  return 0;
}
