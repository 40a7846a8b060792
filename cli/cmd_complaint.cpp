// `sunlit complaint file|list`: a complaint about a case is a case of the complaint process
// (processes/petition.yaml unless --process), routed to the body its channel names (issue 5,
// docs/complaints.md). Exit codes: 0 ok, 1 unknown case/channel/official or the complaint
// process not deployed (nothing stored), 2 usage, 3 database, 5 conflict, 6 busy.
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/clock_text.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the complaint subcommands.
struct ComplaintOptions {
  ComplaintRequest request;
  std::string case_id;  // list: one case's complaints
  bool json = false;
};

json row_json(const ComplaintCase& r) {
  return {{"complaint", r.id}, {"complaint_of", r.complaint_of}, {"channel", r.channel}, {"power", r.power_code},
          {"party", r.party}, {"status", to_string(r.status)}, {"outcome", r.outcome},
          {"opened_at", format_local(r.opened_at)}};
}

int run_file(const ComplaintOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.file_complaint(o.request);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& v = std::get<ComplaintView>(r);
    const auto& c = v.complaint;
    if (o.json) {
      json steps = json::array();
      for (const auto& s : c.open) steps.push_back({{"step", s.step}, {"name", s.name}, {"post", s.post}});
      std::cout << json{{"complaint", c.id}, {"complaint_of", v.complaint_of}, {"channel", v.channel},
                        {"channel_kind", v.channel_kind}, {"body", v.body}, {"contact", v.contact},
                        {"power", c.power}, {"power_name", c.power_name}, {"party", c.party},
                        {"opened_at", format_local(c.opened_at)}, {"open_steps", steps}}
                       .dump(2)
                << "\n";
      return kExitOk;
    }
    std::cout << fmt::format("filed complaint {} about case {}: {} ({} version {}) for {}\n", c.id, v.complaint_of,
                             c.power_name, c.power, c.definition_version, c.party);
    std::cout << fmt::format("  channel {} ({}): {} — {}\n", v.channel, v.channel_kind, v.body, v.contact);
    for (const auto& s : c.open) {
      std::cout << fmt::format("  {} {} — post {} {}\n", s.step, s.name, s.post, s.post_name);
      if (s.deadline) std::cout << fmt::format("      deadline: {} ({})\n", deadline_text(*s.deadline), s.deadline->limit.article);
    }
    return kExitOk;
  });
}

int run_list(const ComplaintOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.complaints(o.case_id);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& rows = std::get<std::vector<ComplaintCase>>(r);
    if (o.json) {
      json out = json::array();
      for (const auto& row : rows) out.push_back(row_json(row));
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    for (const auto& row : rows)
      std::cout << fmt::format("{}  about {}  channel {}  {}  opened {}  {}\n", row.id, row.complaint_of, row.channel,
                               row.power_code, format_local(row.opened_at),
                               row.status == CaseStatus::open ? "open" : "closed: " + row.outcome);
    std::cout << fmt::format("{} {}\n", rows.size(), rows.size() == 1 ? "complaint" : "complaints");
    return kExitOk;
  });
}

}  // namespace

Command add_complaint(CLI::App& app) {
  auto o = std::make_shared<ComplaintOptions>();
  auto* c = app.add_subcommand("complaint", "file a complaint about a case (a linked case of the complaint process)");
  c->require_subcommand(1);
  auto* file = c->add_subcommand("file", "open a complaint about a case, routed by one of its channels");
  file->add_option("case", o->request.case_id, "the case complained about")->required();
  file->add_option("--channel", o->request.channel, "a channel of the case's flowchart (channels:)")->required();
  file->add_option("--text", o->request.text, "the complaint")->required();
  file->add_option("--as", o->request.as, "the official registering it (default: the party)");
  file->add_option("--party", o->request.party, "the complainant (default: the case's party)");
  file->add_option("--process", o->request.process,
                   fmt::format("the complaint process's power code (default {}, processes/petition.yaml)", kComplaintPower));
  file->add_flag("--json", o->json, "machine-readable output");
  auto* list = c->add_subcommand("list", "complaints, all or about one case");
  list->add_option("case", o->case_id, "only the complaints about this case");
  list->add_flag("--json", o->json, "machine-readable output");
  return [o, file, list]() {
    if (file->parsed()) return run_file(*o);
    if (list->parsed()) return run_list(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
