// `sunlit audit verify [CASE] [--anchor DIGEST]` and `sunlit audit anchor`: tamper evidence (issue 5).
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/session.h"
#include "engine/audit.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the audit commands.
struct AuditOptions {
  std::string case_id, anchor, by = "unspecified";
  bool json = false;
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

}  // namespace

Command add_audit(CLI::App& app) {
  auto o = std::make_shared<AuditOptions>();
  auto* audit = app.add_subcommand("audit", "prove nobody rewrote the history");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "check every event's hash chain (or one case's)");
  verify->add_option("case", o->case_id, "case number (default: every case)");
  verify->add_option("--anchor", o->anchor, "also prove the chains pass through this published anchor");
  verify->add_flag("--json", o->json, "machine-readable output");
  auto* anchor = audit->add_subcommand("anchor", "one digest over every chain head, to publish or keep elsewhere");
  anchor->add_option("--as", o->by, "who takes the anchor (recorded)")->envname("SUNLIT_USER");
  anchor->add_flag("--json", o->json, "machine-readable output");
  return [o, verify, anchor]() {
    if (verify->parsed()) return run_verify(*o);
    if (anchor->parsed()) return run_anchor(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
