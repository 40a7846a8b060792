// Scale generator (issue 6 item 6): fills a new database with N cases of the shipped processes
// (processes/*.yaml on the Xicheng organisation), ten years of them, as a city would hold.
//
// Going through CaseService for every step is far too slow for a million cases (~2,000 steps/s),
// so the generator works in two phases:
//  1. Templates: a few thousand real cases run through CaseService in the same database, in the
//     order of their opening instants spread over the years: a random official of the right post
//     takes a random offered action with random values for the fields it must set, at working
//     hours a few hours to a few weeks apart, with `tick` run before every action (so slow cases
//     get their cards and deemed outcomes as the real timers give them). Most run until they
//     close; a share opened in the last 60 days stops after a few actions and is left open, and a
//     final tick at --now raises the cards of those now overdue. Refused attempts (wrong post,
//     separation of duty) stay in their logs as real refusals.
//  2. Clones: each template is copied with new case numbers (of the year it was opened) and new
//     parties. The events are the template's with the new case id and party (so the same
//     instants: a template's deadlines are the calendar's for its days, and shifting them would
//     make them wrong); the snapshot, open steps, deadlines, timers and cards are recomputed by
//     applying the events and derive_row() as every commit does, the hash chain by the store's
//     insert code, written by Store::bulk_load() in large transactions.
// Before cloning, every template's stored row and timers are compared with what the clone path
// derives from its events alone; any difference stops the generator (exit 1).
//
// Usage: gen_cases --db PATH --cases N [--templates T] [--open-share F] [--years Y]
//                  [--now 2026-11-20T10:00] [--seed S] [--batch B] [--processes DIR]
// PATH must not exist. Prints progress on stderr and a summary on stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/service.h"
#include "engine/store.h"

namespace {

using namespace sunlit;
using json = nlohmann::json;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

// Command-line options.
struct Options {
  std::string db;
  std::int64_t cases = 10000;
  std::int64_t templates = 0;  // 0: max(300, cases / 250)
  double open_share = 0.04;
  int years = 10;
  std::string now = "2026-11-20T10:00";
  unsigned seed = 6;
  std::size_t batch = 20000;
  std::string processes = std::string(SUNLIT_SOURCE_DIR) + "/processes";
};

// A shipped power and how often cases of it are opened.
struct PowerMix {
  std::string code;
  double weight;
};

const std::vector<PowerMix> kMix = {
    {"XC-SJ-XK-001", 0.34}, {"XC-CG-CF-002", 0.20}, {"XC-CG-CF-001", 0.14}, {"XC-ZF-QT-001", 0.11},
    {"XC-XF-QT-001", 0.09}, {"XC-JG-NB-001", 0.07}, {"XC-SF-CJ-001", 0.05}};

double seconds_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

// A template: a real case and what cloning it needs.
struct Template {
  std::string id;
  std::vector<Event> events;
  std::vector<CaseEvent> parsed;
  CaseRow row;
  std::shared_ptr<const CompiledProcess> cp;
  const TimeRules* rules = nullptr;
};

// Runs the template cases through CaseService.
class Walker {
 public:
  Walker(CaseService& svc, FixedClock& clock, std::mt19937_64& rng) : svc_(svc), clock_(clock), rng_(rng) {}

  // Opens a case of `cp` at `t` and acts on it until it closes, `max_actions` were taken or the
  // next action would come after `stop`. Returns the case id ("" if it could not be opened).
  std::string run(const CompiledProcess& cp, Instant t, int max_actions, Instant stop) {
    clock_.set(t);
    tick(t);
    const Step* start = nullptr;
    for (const auto& s : cp.process().steps)
      if (s.start) start = &s;
    std::string as = start && !start->post.empty() ? official_of(cp, start->post.name) : "";
    std::vector<std::pair<std::string, std::string>> sets;
    for (const auto& f : cp.process().fields)
      if (coin(0.7)) sets.emplace_back(f.name, value_for(f, t));
    auto opened = svc_.open(cp.process().power.code, fmt::format("模板当事人{}", ++parties_), sets, as);
    if (auto* e = std::get_if<CaseError>(&opened)) {
      ++open_failures;
      last_error = e->message;
      return "";
    }
    std::string id = std::get<CaseView>(opened).id;
    for (int n = 0; n < max_actions; ++n) {
      t = next_time(t);
      if (t > stop) break;
      clock_.set(t);
      tick(t);
      auto shown = svc_.show(id);
      if (std::holds_alternative<CaseError>(shown)) break;
      const CaseView& v = std::get<CaseView>(shown);
      if (v.closed || v.open.empty()) break;
      if (!act(cp, id, v)) {
        ++stuck;
        break;
      }
    }
    return id;
  }

  void tick(Instant t) {
    auto r = svc_.tick(t);
    if (auto* rep = std::get_if<TickReport>(&r)) fired += rep->fired;
  }

  int open_failures = 0, stuck = 0, fired = 0, actions = 0, refusals = 0;
  std::string last_error;

 private:
  bool coin(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }

  std::string official_of(const CompiledProcess& cp, const std::string& post) {
    std::vector<const Official*> holders;
    for (const auto& o : cp.organisation().officials)
      for (const auto& p : o.posts)
        if (post.empty() || p.name == post) {
          holders.push_back(&o);
          break;
        }
    if (holders.empty()) return cp.organisation().officials.front().id;
    return holders[pick(holders.size())]->id;
  }

  std::string value_for(const Field& f, Instant t) {
    switch (f.type) {
      case FieldType::number: return std::to_string(1 + pick(20));
      case FieldType::money: return std::to_string(50 * (1 + pick(400)));
      case FieldType::boolean: return coin(0.5) ? "true" : "false";
      case FieldType::date: return format_local(t).substr(0, 10);
      case FieldType::enumeration: return f.values.empty() ? "x" : f.values[pick(f.values.size())];
      case FieldType::list: return coin(0.5) ? "申请书,营业执照" : "申请书";
      case FieldType::text: break;
    }
    return coin(0.5) ? "材料齐全，符合法定条件" : "已核实";
  }

  // One action on an open step; a few tries with other choices if refused or rejected.
  bool act(const CompiledProcess& cp, const std::string& id, const CaseView& v) {
    for (int attempt = 0; attempt < 12; ++attempt) {
      const OpenStepView& o = v.open[pick(v.open.size())];
      std::vector<std::string> offered;
      for (const auto& a : o.actions)
        if (a != kWithdrawAction || coin(0.02)) offered.push_back(a);
      if (offered.empty()) continue;
      Command cmd;
      cmd.action = offered[pick(offered.size())];
      cmd.step = o.step;
      cmd.official = official_of(cp, o.post);
      if (cmd.action == kWithdrawAction) cmd.note = "申请人撤回";
      const Step* st = find_step(cp.process(), o.step);
      for (const auto& a : st ? st->actions : std::vector<Action>{})
        if (a.name == cmd.action)
          for (const auto& ref : a.sets)
            for (const auto& f : cp.process().fields)
              if (f.name == ref.name) cmd.sets.emplace_back(f.name, value_for(f, clock_.now()));
      auto r = svc_.advance(id, cmd);
      if (std::holds_alternative<CaseView>(r)) {
        ++actions;
        return true;
      }
      const CaseError& e = std::get<CaseError>(r);
      if (e.refusal()) ++refusals;
      last_error = e.message;
    }
    return false;
  }

  // The next instant an official acts: hours to weeks later, on a weekday between 9:00 and 17:00.
  Instant next_time(Instant t) {
    double r = std::uniform_real_distribution<double>(0, 1)(rng_);
    std::int64_t gap = r < 0.70 ? 3600 * (2 + static_cast<std::int64_t>(pick(28)))
                     : r < 0.95 ? 86400 * (1 + static_cast<std::int64_t>(pick(4)))
                                : 86400 * (8 + static_cast<std::int64_t>(pick(18)));
    Instant next = t + gap;
    for (;;) {
      std::int64_t local = next + kShanghaiOffset;
      std::int64_t day = local / 86400, hour = (local % 86400) / 3600;
      std::int64_t weekday = (day + 3) % 7;  // 0 Monday (1970-01-01 was a Thursday)
      if (weekday >= 5) next = (day + (7 - weekday)) * 86400 - kShanghaiOffset + 9 * 3600;
      else if (hour < 9) next = day * 86400 - kShanghaiOffset + 9 * 3600 + static_cast<std::int64_t>(pick(3600));
      else if (hour >= 17) next = (day + 1) * 86400 - kShanghaiOffset + 9 * 3600 + static_cast<std::int64_t>(pick(3600));
      else return next;
    }
  }

  CaseService& svc_;
  FixedClock& clock_;
  std::mt19937_64& rng_;
  std::int64_t parties_ = 0;
};

bool parse_options(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") o.db = next();
    else if (a == "--cases") o.cases = std::stoll(next());
    else if (a == "--templates") o.templates = std::stoll(next());
    else if (a == "--open-share") o.open_share = std::stod(next());
    else if (a == "--years") o.years = std::stoi(next());
    else if (a == "--now") o.now = next();
    else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(next()));
    else if (a == "--batch") o.batch = std::stoul(next());
    else if (a == "--processes") o.processes = next();
    else {
      std::cerr << "gen_cases: unknown option " << a << "\n";
      return false;
    }
  }
  if (o.db.empty()) std::cerr << "gen_cases: --db PATH is required\n";
  return !o.db.empty();
}

// Whether the clone path (events -> apply -> derive_row) gives the row the commit path stored.
std::string check_template(Store& store, const Template& t) {
  CaseState s;
  for (const auto& e : t.parsed) {
    std::string why;
    if (!apply(s, e, &why)) return "event cannot be applied: " + why;
  }
  s.id = t.id;
  CaseRow d = derive_row(*t.cp, s, t.row.updated_at, *t.rules);
  if (d.snapshot != t.row.snapshot) return "snapshot differs";
  if (d.status != t.row.status || d.outcome != t.row.outcome || d.due != t.row.due || d.warning != t.row.warning)
    return "status, outcome, deadline or card differs";
  if (d.open_steps.size() != t.row.open_steps.size()) return "open steps differ";
  for (std::size_t i = 0; i < d.open_steps.size(); ++i) {
    const auto &a = d.open_steps[i], &b = t.row.open_steps[i];
    if (a.step != b.step || a.post != b.post || a.since != b.since || a.due != b.due || a.warning != b.warning)
      return "open step " + a.step + " differs";
  }
  auto timers = store.case_timers(t.id);
  if (!timers) return timers.error().message;
  if (timers->size() != d.timers.size()) return "timers differ";
  for (std::size_t i = 0; i < d.timers.size(); ++i) {
    auto it = std::find_if(timers->begin(), timers->end(), [&](const Timer& x) { return x.name == d.timers[i].name; });
    if (it == timers->end() || it->due != d.timers[i].due || it->kind != d.timers[i].kind) return "timer differs";
  }
  return "";
}

// One clone of `t` as case `id` of party `party`.
CaseChange clone(const Template& t, const std::string& id, const std::string& party) {
  CaseChange c;
  c.case_id = id;
  CaseState s;
  CaseEvent opened = t.parsed.front();
  opened.payload["party"] = party;
  std::string why;
  apply(s, opened, &why);
  for (std::size_t i = 1; i < t.parsed.size(); ++i) apply(s, t.parsed[i], &why);
  s.id = id;
  c.events = t.events;
  for (auto& e : c.events) e.case_id = id;
  c.events.front().payload = opened.payload.dump();
  c.row = derive_row(*t.cp, s, t.row.updated_at, *t.rules);
  c.row.version = t.row.version;
  return c;
}

int local_year(Instant t) { return std::stoi(format_local(t).substr(0, 4)); }

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) return 2;
  if (fs::exists(o.db)) {
    std::cerr << "gen_cases: " << o.db << " exists; give a new path\n";
    return 2;
  }
  auto now = parse_instant(o.now);
  if (!now) {
    std::cerr << "gen_cases: --now " << o.now << " is not an instant\n";
    return 2;
  }
  if (o.templates == 0) o.templates = std::max<std::int64_t>(300, o.cases / 250);
  o.templates = std::min(o.templates, o.cases);
  StoreOptions so;
  so.durability = Durability::normal;
  auto opened = Store::open(o.db, so);
  if (!opened) {
    std::cerr << "gen_cases: " << opened.error().message << "\n";
    return 3;
  }
  Store& store = **opened;
  FixedClock clock(*now - static_cast<Instant>(o.years) * 365 * 86400 - 86400);
  CaseService svc(store, clock);
  std::vector<std::string> files;
  for (const auto& f : fs::directory_iterator(o.processes))
    if (f.path().extension() == ".yaml") files.push_back(f.path().string());
  std::sort(files.begin(), files.end());
  Diagnostics diags;
  auto deployed = svc.deploy(files, "bench", diags);
  if (auto* e = std::get_if<CaseError>(&deployed)) {
    std::cerr << "gen_cases: deploy failed: " << e->message << "\n" << diags.render();
    return 1;
  }
  std::map<std::string, std::shared_ptr<const CompiledProcess>> cps;
  std::map<std::string, TimeRules> rules;
  for (const auto& m : kMix) {
    auto def = store.latest(m.code);
    if (!def) {
      std::cerr << "gen_cases: power " << m.code << " not deployed\n";
      return 1;
    }
    cps[m.code] = std::get<std::shared_ptr<const CompiledProcess>>(svc.compiled(def->id));
    rules[m.code] = std::get<TimeRules>(svc.rules(m.code));
  }

  // Phase 1: templates, in the order of their opening instants.
  std::mt19937_64 rng(o.seed);
  std::vector<double> weights;
  for (const auto& m : kMix) weights.push_back(m.weight);
  std::discrete_distribution<std::size_t> power_of(weights.begin(), weights.end());
  const Instant span_start = *now - static_cast<Instant>(o.years) * 365 * 86400;
  const auto open_templates = static_cast<std::int64_t>(static_cast<double>(o.templates) * o.open_share + 0.5);
  struct Planned {
    Instant at;
    std::size_t power;
    bool open;
  };
  std::vector<Planned> plan;
  for (std::int64_t i = 0; i < o.templates; ++i) {
    bool open = i < open_templates;
    Instant lo = open ? *now - 60 * 86400 : span_start, hi = open ? *now - 3600 : *now - 120 * 86400;
    plan.push_back({std::uniform_int_distribution<Instant>(lo, hi)(rng), power_of(rng), open});
  }
  std::sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });
  Walker walker(svc, clock, rng);
  std::vector<std::string> ids;
  auto t0 = Steady::now();
  for (std::size_t i = 0; i < plan.size(); ++i) {
    const auto& p = plan[i];
    int max_actions = p.open ? static_cast<int>(rng() % 5) : 80;
    std::string id = walker.run(*cps[kMix[p.power].code], p.at, max_actions, *now - 3600);
    if (!id.empty()) ids.push_back(id);
    if ((i + 1) % 500 == 0)
      std::cerr << fmt::format("templates: {}/{} ({:.0f} s)\n", i + 1, plan.size(), seconds_since(t0));
  }
  clock.set(*now);
  walker.tick(*now);
  const double template_seconds = seconds_since(t0);
  std::cerr << fmt::format("templates done: {} cases, {} actions, {} refusals, {} timers fired, {} stuck, {} not opened ({})"
                           " in {:.1f} s\n",
                           ids.size(), walker.actions, walker.refusals, walker.fired, walker.stuck, walker.open_failures,
                           walker.last_error, template_seconds);

  // Check the clone path against every template.
  std::vector<Template> templates;
  for (const auto& id : ids) {
    Template t;
    t.id = id;
    auto ev = store.events(id);
    auto row = store.load_case(id);
    if (!ev || !row) {
      std::cerr << "gen_cases: cannot read template " << id << "\n";
      return 3;
    }
    t.events = std::move(*ev);
    t.row = std::move(*row);
    for (const auto& e : t.events) t.parsed.push_back(from_log(e));
    t.cp = cps[t.row.power_code];
    t.rules = &rules[t.row.power_code];
    std::string bad = check_template(store, t);
    if (!bad.empty()) {
      std::cerr << "gen_cases: template " << id << ": the clone path does not give the stored row: " << bad << "\n";
      return 1;
    }
    templates.push_back(std::move(t));
  }
  std::cerr << fmt::format("clone path checked on {} templates: identical rows, timers and cards\n", templates.size());

  // Phase 2: clones, template by template (so numbers follow opening order within a year).
  std::map<int, std::int64_t> counter;
  for (const auto& id : ids) {
    std::int64_t& last = counter[std::stoi(id.substr(0, 4))];
    last = std::max<std::int64_t>(last, std::stoll(id.substr(5)));
  }
  const std::int64_t clones = o.cases - static_cast<std::int64_t>(templates.size());
  std::int64_t made = 0, events = 0;
  for (const auto& t : templates) events += static_cast<std::int64_t>(t.events.size());
  std::vector<CaseChange> batch;
  auto t1 = Steady::now();
  for (std::size_t j = 0; j < templates.size() && made < clones; ++j) {
    const Template& t = templates[j];
    std::int64_t share = clones * static_cast<std::int64_t>(j + 1) / static_cast<std::int64_t>(templates.size()) -
                         clones * static_cast<std::int64_t>(j) / static_cast<std::int64_t>(templates.size());
    int year = local_year(t.row.opened_at);
    for (std::int64_t k = 0; k < share; ++k, ++made) {
      std::string id = fmt::format("{:04}-{:06}", year, ++counter[year]);
      batch.push_back(clone(t, id, fmt::format("当事人{:07}", made + 1)));
      events += static_cast<std::int64_t>(t.events.size());
      if (batch.size() >= o.batch) {
        auto done = store.bulk_load(batch);
        if (!done) {
          std::cerr << "gen_cases: " << done.error().message << "\n";
          return 3;
        }
        batch.clear();
        std::cerr << fmt::format("clones: {}/{} ({:.0f} s, {:.0f} cases/s)\n", made + 1, clones, seconds_since(t1),
                                 static_cast<double>(made + 1) / seconds_since(t1));
      }
    }
  }
  if (!batch.empty()) {
    auto done = store.bulk_load(batch);
    if (!done) {
      std::cerr << "gen_cases: " << done.error().message << "\n";
      return 3;
    }
  }
  const double clone_seconds = seconds_since(t1);
  std::int64_t open_cases = 0;
  for (const auto& t : templates) open_cases += t.row.status == CaseStatus::open;
  std::cout << fmt::format("{{\"db\": \"{}\", \"cases\": {}, \"events\": {}, \"templates\": {}, \"open_templates\": {}, "
                           "\"template_seconds\": {:.1f}, \"clone_seconds\": {:.1f}, \"clones\": {}, "
                           "\"template_actions\": {}, \"template_refusals\": {}, \"timers_fired\": {}, \"stuck\": {}}}\n",
                           o.db, static_cast<std::int64_t>(templates.size()) + made, events, templates.size(), open_cases,
                           template_seconds, clone_seconds, made, walker.actions, walker.refusals, walker.fired,
                           walker.stuck);
  return 0;
}
