// `sunlit audit verify [CASE] [--anchor DIGEST]`, `sunlit audit replay CASE|--all` and `sunlit audit
// anchor`: tamper evidence and replay (issue 5).
#include <fmt/format.h>
#include <algorithm>
#include <iostream>
#include <thread>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/audit.h"
#include "engine/payload_text.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the audit commands.
struct AuditOptions {
  std::string case_id, anchor, by = "unspecified", as_of;
  bool json = false, all = false;
  int jobs = 0;  // --jobs: connections for --all (0: one per core)
};

int run_verify(const AuditOptions& o) {
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  auto r = session.store->verify_chains(o.case_id, o.anchor);
  if (!r) return report(from_store(r.error()), o.json);
  const VerifyReport& rep = *r;
  if (!o.case_id.empty() && rep.cases == 0 && rep.findings.empty())
    return report(CaseError{CaseError::not_found, fmt::format("unknown case '{}'", o.case_id)}, o.json);
  if (o.json) {
    json bad = json::array();
    for (const auto& f : rep.findings) bad.push_back({{"case", f.case_id}, {"seq", f.seq}, {"message", f.message}});
    std::cout << json{{"ok", rep.ok()}, {"cases", rep.cases}, {"events", rep.events}, {"anchor", o.anchor},
                      {"findings", bad}}.dump(2)
              << "\n";
    return rep.ok() ? kExitOk : kExitTampered;
  }
  for (const auto& f : rep.findings)
    std::cout << (f.case_id.empty() ? std::string("anchor") : "case " + f.case_id)
              << (f.seq > 0 ? fmt::format(" event {}", f.seq) : std::string()) << ": " << f.message << "\n";
  std::string against = o.anchor.empty() ? "" : fmt::format(", and against anchor {}", o.anchor.substr(0, 12));
  if (rep.ok())
    std::cout << fmt::format("verified {} case{}, {} event{}{}: every hash chain is intact\n", rep.cases,
                             rep.cases == 1 ? "" : "s", rep.events, rep.events == 1 ? "" : "s", against);
  else
    std::cout << fmt::format("checked {} case{}, {} event{}{}: {} case{} altered\n", rep.cases,
                             rep.cases == 1 ? "" : "s", rep.events, rep.events == 1 ? "" : "s", against,
                             rep.findings.size(), rep.findings.size() == 1 ? "" : "s");
  return rep.ok() ? kExitOk : kExitTampered;
}

int run_anchor(const AuditOptions& o) {
  if (!is_utf8(o.by))
    return report(CaseError{CaseError::bad_value, "the name given with --as is not valid UTF-8; type it again"}, o.json);
  auto opened = open_session();
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& session = std::get<Session>(opened);
  auto r = session.store->make_anchor(session.clock->now(), o.by);
  if (!r) return report(from_store(r.error()), o.json);
  if (o.json) {
    std::cout << json{{"digest", r->digest}, {"cases", r->cases}, {"made_at", format_local(r->made_at)},
                      {"made_by", r->made_by}, {"new", r->created}}.dump(2)
              << "\n";
    return kExitOk;
  }
  std::cout << r->digest << "\n"
            << fmt::format("anchor over {} case chain head{}, {}; publish or store this digest elsewhere\n",
                           r->cases, r->cases == 1 ? "" : "s",
                           r->created ? fmt::format("taken {} by {}", format_local(r->made_at), r->made_by)
                                      : std::string("the same as an earlier anchor (nothing changed since)"));
  return kExitOk;
}

json visit_json(const StepVisit& v) {
  json j{{"step", v.step}, {"name", v.name}, {"post", v.post}, {"entered", format_local(v.entered)},
         {"how", v.how}, {"used", v.used}, {"used_text", v.used_text}, {"overdue", v.overdue}};
  j["left"] = v.left ? json(format_local(*v.left)) : json(nullptr);
  j["due"] = v.due ? json(format_local(*v.due)) : json(nullptr);
  if (v.limit) j["limit"] = {{"amount", v.limit->amount}, {"unit", to_string(v.limit->unit)}};
  if (!v.rights.empty()) j["rights_notified"] = v.rights;
  return j;
}

void print_replay(const std::string& id, const ReplayReport& r) {
  const CaseState& s = r.replay.state;
  std::cout << fmt::format("case {}: {} ({} version {}), party {}; {} event{} replayed\n", id, r.power_name, s.power,
                           s.definition_version, s.party, r.replay.events, r.replay.events == 1 ? "" : "s");
  std::cout << "steps:\n";
  for (const auto& v : r.replay.steps) {
    std::cout << fmt::format("  {:<16} {} -> {}  {}; {}{}\n", v.step, format_local(v.entered),
                             v.left ? format_local(*v.left) : std::string("(open)"),
                             v.how.empty() ? std::string("waiting") : v.how, v.used_text,
                             v.due ? ", due " + format_local(*v.due) : std::string());
    for (const auto& right : v.rights) std::cout << fmt::format("  {:<16} right notified: {}\n", "", right);
  }
  if (!r.replay.entries.empty()) std::cout << "clock, cards, refusals, outcome:\n";
  for (const auto& e : r.replay.entries) std::cout << fmt::format("  {}  {}\n", format_local(e.at), e.text);
  if (r.replay.error) std::cout << "ERROR: " << *r.replay.error << "\n";
  if (!r.compared) return;
  if (r.differences.empty()) std::cout << "the stored snapshot equals the replay\n";
  else {
    std::string keys;
    for (const auto& k : r.differences) keys += (keys.empty() ? "" : ", ") + k;
    std::cout << "ERROR: the stored snapshot differs from the replay in: " << keys << "\n";
  }
}

// `audit replay --all`: every case rebuilt from its events and compared with its snapshot.
int run_replay_all(const AuditOptions& o) {
  int jobs = o.jobs > 0 ? o.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return with_service([&](CaseService& svc) {
    auto r = svc.replay_all(jobs, true);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& rep = std::get<ReplayAllReport>(r);
    bool bad = !rep.failed.empty() || !rep.differed.empty();
    if (o.json) {
      std::cout << json{{"cases", rep.cases}, {"events", rep.events}, {"connections", rep.threads},
                        {"failed", rep.failed}, {"differed", rep.differed}, {"ok", !bad}}
                       .dump(2)
                << "\n";
      return bad ? kExitTampered : kExitOk;
    }
    for (const auto& f : rep.failed) std::cout << f << "\n";
    for (const auto& id : rep.differed) std::cout << "case " << id << ": the stored snapshot differs from the replay\n";
    std::string what = fmt::format("replayed {} case{}, {} event{} on {} connection{}", rep.cases,
                                   rep.cases == 1 ? "" : "s", rep.events, rep.events == 1 ? "" : "s", rep.threads,
                                   rep.threads == 1 ? "" : "s");
    if (!bad)
      std::cout << what << ": every stored snapshot equals its replay\n";
    else
      std::cout << fmt::format("{}: {} case{} cannot be replayed, {} snapshot{} differ{}\n", what, rep.failed.size(),
                               rep.failed.size() == 1 ? "" : "s", rep.differed.size(),
                               rep.differed.size() == 1 ? "" : "s", rep.differed.size() == 1 ? "s" : "");
    return bad ? kExitTampered : kExitOk;
  });
}

int run_replay(const AuditOptions& o) {
  if (o.all != o.case_id.empty() || (o.all && !o.as_of.empty())) {
    std::cerr << "sunlit: error: audit replay takes a case number, or --all (without --as-of)\n";
    return kExitUsage;
  }
  if (o.all) return run_replay_all(o);
  std::optional<Instant> as_of;
  if (!o.as_of.empty()) {
    as_of = parse_instant(o.as_of);
    if (!as_of) {
      std::cerr << "sunlit: error: --as-of '" << o.as_of
                << "' is not a time (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+08:00|Z])\n";
      return kExitUsage;
    }
  }
  return with_service([&](CaseService& svc) {
    auto r = svc.replay(o.case_id, as_of);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& rep = std::get<ReplayReport>(r);
    bool bad = rep.replay.error.has_value() || !rep.differences.empty();
    if (o.json) {
      json steps = json::array(), entries = json::array();
      for (const auto& v : rep.replay.steps) steps.push_back(visit_json(v));
      for (const auto& e : rep.replay.entries)
        entries.push_back({{"seq", e.seq}, {"at", format_local(e.at)}, {"kind", e.kind}, {"text", e.text}});
      std::cout << json{{"case", o.case_id}, {"events", rep.replay.events}, {"steps", steps}, {"timeline", entries},
                        {"state", to_json(rep.replay.state)}, {"compared", rep.compared},
                        {"differences", rep.differences}, {"error", rep.replay.error.value_or("")}, {"ok", !bad}}
                       .dump(2)
                << "\n";
    } else {
      print_replay(o.case_id, rep);
    }
    return bad ? kExitTampered : kExitOk;
  });
}

}  // namespace

Command add_audit(CLI::App& app) {
  auto o = std::make_shared<AuditOptions>();
  auto* audit = app.add_subcommand("audit", "prove nobody rewrote the history");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "check every event's hash chain (or one case's)");
  verify->add_option("case", o->case_id, "case number (default: every case)");
  verify->add_option("--anchor", o->anchor, "also prove the chains pass through this published anchor");
  verify->add_flag("--json", o->json, "machine-readable output");
  auto* replay = audit->add_subcommand("replay", "rebuild a case from its events alone and print its timeline");
  replay->add_option("case", o->case_id, "case number");
  replay->add_option("--as-of", o->as_of, "the case as it stood at this time");
  replay->add_flag("--all", o->all, "every case, each compared with its stored snapshot (a summary, no timelines)");
  replay->add_option("--jobs", o->jobs, "connections replaying --all in parallel (default: one per core)")
      ->check(CLI::Range(1, 64));
  replay->add_flag("--json", o->json, "machine-readable output");
  auto* anchor = audit->add_subcommand("anchor", "one digest over every chain head, to publish or keep elsewhere");
  anchor->add_option("--as", o->by, "who takes the anchor (recorded)")->envname("SUNLIT_USER");
  anchor->add_flag("--json", o->json, "machine-readable output");
  return [o, verify, replay, anchor]() {
    if (verify->parsed()) return run_verify(*o);
    if (replay->parsed()) return run_replay(*o);
    if (anchor->parsed()) return run_anchor(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
