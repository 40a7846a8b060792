// `sunlit case open|advance|extend|show|list|right|notice`: officials run cases from a terminal,
// with the statutory clock (deadlines, time left, cards) on every open step and on the case, the
// party's rights with their windows, and the remedies a decision states (notice).
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/clock_text.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "engine/diagnostic.h"
#include "engine/service.h"

namespace sunlit::cli {

namespace {

using json = nlohmann::json;

// Options of the case subcommands.
// Items `case list` shows by default: the most urgent first, then a line with how many more.
constexpr int kListPage = 50;

struct CaseOptions {
  std::string power, party, case_id, action, official, step, note, post, reason, right;
  std::optional<double> amount;
  std::vector<std::string> sets;
  bool json = false, open_only = false, closed_only = false;
  int limit = kListPage;  // case list: items shown (the table; --json lists all unless --limit)
  bool all = false, limit_given = false;
};

// Splits `field=value` texts; false (message printed) if one has no '='.
bool split_sets(const std::vector<std::string>& in, std::vector<std::pair<std::string, std::string>>& out) {
  for (const auto& s : in) {
    auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << fmt::format("sunlit: error: --set '{}' must look like field=value\n", s);
      return false;
    }
    out.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return true;
}

json optional_deadline(const std::optional<DeadlineView>& d) { return d ? deadline_json(*d) : json(nullptr); }

json clock_json(const CaseClockView& c) {
  return {{"deadline", optional_deadline(c.deadline)}, {"running", c.running},
          {"suspended_reason", c.suspended_reason},
          {"suspended_since", c.suspended_reason.empty() ? json(nullptr) : json(format_local(c.suspended_since))},
          {"extensions", c.extensions}};
}

json rights_json(const CaseView& v) {
  json out = json::array();
  for (const auto& r : v.rights)
    out.push_back({{"kind", r.kind}, {"step", r.step}, {"step_name", r.step_name}, {"article", r.article},
                   {"description", r.description}, {"notified_at", format_local(r.notified_at)},
                   {"window", r.window ? deadline_json(*r.window) : json(nullptr)}, {"status", r.status},
                   {"ended_at", r.status == "open" ? json(nullptr) : json(format_local(r.ended_at))},
                   {"used_by", r.used_by}, {"note", r.note}});
  return out;
}

json remedies_json(const CaseView& v) {
  json out = json::array();
  for (const auto& r : v.remedies) {
    json period = r.period ? json{{"amount", r.period->amount}, {"unit", to_string(r.period->unit)},
                                  {"article", r.period->article}}
                           : json(nullptr);
    out.push_back({{"channel", r.channel}, {"kind", r.kind}, {"body", r.body}, {"contact", r.contact},
                   {"article", r.article}, {"from", format_local(r.from)}, {"period", period},
                   {"due", r.due ? json(format_local(*r.due)) : json(nullptr)},
                   {"ends", r.due ? json(format_deadline(*r.due)) : json(nullptr)}, {"estimated", r.estimated}});
  }
  return out;
}

json to_json(const CaseView& v) {
  json open = json::array();
  for (const auto& o : v.open)
    open.push_back({{"step", o.step}, {"name", o.name}, {"post", o.post}, {"post_name", o.post_name},
                    {"department", o.department}, {"since", format_local(o.since)}, {"actions", o.actions},
                    {"signatures", o.signatures}, {"deadline", optional_deadline(o.deadline)}});
  json warnings = json::array();
  for (const auto& w : v.warnings) warnings.push_back(warning_json(w));
  json data = json::object();
  for (const auto& [k, val] : v.data) data[k] = val;
  json history = json::array();
  for (const auto& h : v.history)
    history.push_back({{"seq", h.seq}, {"at", format_local(h.at)}, {"actor", h.actor}, {"post", h.post},
                       {"kind", h.kind}, {"summary", h.summary}});
  return {{"case", v.id}, {"power", v.power}, {"power_name", v.power_name}, {"definition_version", v.definition_version},
          {"party", v.party}, {"status", v.closed ? "closed" : "open"}, {"outcome", v.outcome},
          {"version", v.version}, {"opened_at", format_local(v.opened_at)}, {"open_steps", open},
          {"data", data}, {"clock", clock_json(v.clock)}, {"warnings", warnings}, {"history", history},
          {"rights", rights_json(v)}, {"remedies", remedies_json(v)}, {"complaints", v.complaints}};
}

// `s` padded to `width` display cells, and always followed by at least two spaces.
std::string pad(const std::string& s, int width) {
  int w = display_width(s);
  return s + std::string(static_cast<size_t>(std::max(2, width - w)), ' ');
}

void print_open_steps(const CaseView& v) {
  for (const auto& o : v.open) {
    std::cout << fmt::format("  {} {} — post {} {} ({}) since {}\n", o.step, o.name, o.post, o.post_name,
                             o.department_name, format_local(o.since));
    std::string actions;
    for (const auto& a : o.actions) actions += (actions.empty() ? "" : ", ") + a;
    std::cout << fmt::format("      actions: {}\n", actions);
    if (o.deadline) std::cout << fmt::format("      deadline: {}\n", deadline_text(*o.deadline));
    if (!o.signatures.empty()) std::cout << fmt::format("      signed by {} (needs a second official)\n", o.signatures.front());
  }
}

// The case clock: its deadline, or why it is not running; extensions.
void print_clock(const CaseView& v) {
  const auto& c = v.clock;
  if (!c.suspended_reason.empty())
    std::cout << fmt::format("clock    suspended since {}: {}\n", format_local(c.suspended_since), c.suspended_reason);
  if (c.deadline) {
    const auto& p = c.deadline->limit;
    std::cout << fmt::format("{} {} ({:g} {}, {})\n", c.suspended_reason.empty() ? "clock   " : "        ",
                             deadline_text(*c.deadline), p.amount, to_string(p.unit), p.article);
  } else if (c.suspended_reason.empty() && !v.closed) {
    std::cout << "clock    no case limit running\n";
  }
  for (const auto& e : c.extensions) std::cout << fmt::format("         extended {}\n", e);
}

void print_warnings(const CaseView& v) {
  if (v.warnings.empty()) return;
  std::cout << "warnings\n";
  for (const auto& w : v.warnings)
    std::cout << fmt::format("  {:<6}  {}  due {}  raised {}{}\n", w.colour,
                             w.step.empty() ? "case limit" : w.step + " " + w.step_name, format_deadline(w.due),
                             format_local(w.raised_at), w.active ? "" : "  (ended)");
}

// The rights notified: kind, where, article, and the window's deadline or what became of it.
void print_rights(const CaseView& v) {
  if (v.rights.empty()) return;
  std::cout << "rights\n";
  for (const auto& r : v.rights) {
    std::string state;
    if (r.status == "used") state = fmt::format("used {} by {}", format_local(r.ended_at), r.used_by);
    else if (r.status == "lapsed") state = "lapsed " + format_local(r.ended_at);
    else if (r.window && !v.closed) state = deadline_text(*r.window);
    else state = r.window ? "open" : "no window";
    std::string window = r.window ? fmt::format(", within {:g} {} ({})", r.window->limit.amount,
                                                to_string(r.window->limit.unit), r.window->limit.article)
                                  : "";
    std::cout << fmt::format("  {:<22} at {} ({}{}): {}\n", r.kind, r.step, r.article, window, state);
    if (!r.note.empty()) std::cout << fmt::format("      note: {}\n", r.note);
  }
}

// The remedies the closing decision stated, each with its body and deadline.
void print_remedies(const CaseView& v) {
  if (v.remedies.empty()) return;
  std::cout << "remedies\n";
  for (const auto& r : v.remedies) {
    std::string by = r.due ? fmt::format(" by {} ({:g} {}, {})", format_deadline(*r.due), r.period->amount,
                                         to_string(r.period->unit), r.article)
                           : "";
    std::cout << fmt::format("  {:<16} {} (contact: {}){}{}\n", r.kind, r.body, r.contact, by,
                             r.estimated ? " (estimated: the calendar has no data for that year)" : "");
  }
}

void print_status(const CaseView& v) {
  if (v.closed) {
    std::cout << fmt::format("case {} is closed: {} {}\n", v.id, v.outcome, v.outcome_name);
    print_remedies(v);
  } else {
    print_open_steps(v);
  }
}

void print_show(const CaseView& v) {
  std::cout << fmt::format("case     {}  {} ({} version {})\n", v.id, v.power_name, v.power, v.definition_version);
  std::cout << fmt::format("party    {}\n", v.party);
  std::cout << fmt::format("opened   {}\n", format_local(v.opened_at));
  std::cout << fmt::format("status   {}{}   (case version {})\n", v.closed ? "closed: " + v.outcome + " " + v.outcome_name : "open",
                           "", v.version);
  print_clock(v);
  if (!v.closed) {
    std::cout << "open steps\n";
    print_open_steps(v);
  }
  print_warnings(v);
  print_rights(v);
  print_remedies(v);
  if (!v.complaints.empty()) {  // complaint cases about this one (sunlit complaint list CASE)
    std::cout << "complaints\n";
    for (const auto& c : v.complaints) std::cout << fmt::format("  {}\n", c);
  }
  std::cout << "data\n";
  if (v.data.empty()) std::cout << "  (none)\n";
  for (const auto& [k, val] : v.data) std::cout << fmt::format("  {} = {}\n", k, val);
  std::cout << "history\n";
  for (const auto& h : v.history)
    std::cout << fmt::format("  {:>3}  {}  {}  {}\n", h.seq, format_local(h.at),
                             pad(h.actor + (h.post.empty() ? "" : " (" + h.post + ")"), 28), h.summary);
}

int run_open(const CaseOptions& o) {
  std::vector<std::pair<std::string, std::string>> sets;
  if (!split_sets(o.sets, sets)) return kExitUsage;
  return with_service([&](CaseService& svc) {
    auto r = svc.open(o.power, o.party, sets, o.official);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& v = std::get<CaseView>(r);
    if (o.json) std::cout << to_json(v).dump(2) << "\n";
    else {
      std::cout << fmt::format("opened case {}: {} ({} version {}) for {}\n", v.id, v.power_name, v.power,
                               v.definition_version, v.party);
      print_status(v);
    }
    return kExitOk;
  });
}

int run_advance(const CaseOptions& o) {
  sunlit::Command cmd{o.action, o.official, o.step, {}, o.note};
  if (!split_sets(o.sets, cmd.sets)) return kExitUsage;
  return with_service([&](CaseService& svc) {
    auto r = svc.advance(o.case_id, cmd);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& v = std::get<CaseView>(r);
    if (o.json) std::cout << to_json(v).dump(2) << "\n";
    else {
      std::cout << fmt::format("case {}: {} by {} (case version {})\n", v.id, o.action, o.official, v.version);
      print_status(v);
    }
    return kExitOk;
  });
}

int run_extend(const CaseOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.extend(o.case_id, o.official, o.amount, o.reason);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& v = std::get<CaseView>(r);
    if (o.json) std::cout << to_json(v).dump(2) << "\n";
    else {
      std::cout << fmt::format("case {}: case limit extended by {} (case version {})\n", v.id, o.official, v.version);
      print_clock(v);
    }
    return kExitOk;
  });
}

int run_show(const CaseOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.show(o.case_id);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    if (o.json) std::cout << to_json(std::get<CaseView>(r)).dump(2) << "\n";
    else print_show(std::get<CaseView>(r));
    return kExitOk;
  });
}

int run_right(const CaseOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.use_right(o.case_id, RightUse{o.right, o.official, o.note});
    if (auto* e = std::get_if<CaseError>(&r)) {
      int code = report(*e, o.json);
      return e->refused ? kExitRefused : code;
    }
    const auto& v = std::get<CaseView>(r);
    if (o.json) std::cout << to_json(v).dump(2) << "\n";
    else {
      std::cout << fmt::format("case {}: right {} used, recorded by {} (case version {})\n", v.id, o.right, o.official,
                               v.version);
      print_rights(v);
      print_status(v);
    }
    return kExitOk;
  });
}

int run_notice(const CaseOptions& o) {
  return with_service([&](CaseService& svc) {
    auto r = svc.notice(o.case_id);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& n = std::get<DecisionNotice>(r);
    if (o.json)
      std::cout << json{{"case", n.view.id}, {"outcome", n.view.outcome}, {"outcome_name", n.view.outcome_name},
                        {"rights", rights_json(n.view)}, {"remedies", remedies_json(n.view)}, {"text", n.text}}
                       .dump(2)
                << "\n";
    else std::cout << n.text;
    return kExitOk;
  });
}

int run_list(const CaseOptions& o) {
  if (o.limit_given && o.limit < 1) {
    std::cerr << fmt::format("sunlit: error: --limit {} must be 1 or more (--all lists everything)\n", o.limit);
    return kExitUsage;
  }
  ListFilter f{o.official, o.post, o.power, std::nullopt, o.all || (o.json && !o.limit_given) ? 0 : o.limit};
  if (o.open_only) f.status = CaseStatus::open;
  if (o.closed_only) f.status = CaseStatus::closed;
  return with_service([&](CaseService& svc) {
    auto r = svc.page(f);
    if (auto* e = std::get_if<CaseError>(&r)) return report(*e, o.json);
    const auto& page = std::get<WorkPage>(r);
    const auto& items = page.items;
    if (o.json) {
      json a = json::array();
      for (const auto& w : items)
        a.push_back({{"case", w.case_id}, {"power", w.power}, {"party", w.party}, {"status", w.status},
                     {"outcome", w.outcome}, {"step", w.step}, {"step_name", w.step_name}, {"post", w.post},
                     {"since", format_local(w.since)}, {"deadline", optional_deadline(w.deadline)}});
      std::cout << a.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << pad("CASE", 13) << pad("POWER", 14) << pad("STEP", 40) << pad("POST", 18) << pad("SINCE", 27)
              << pad("DUE", 18) << pad("LEFT", 24) << pad("CARD", 6) << "PARTY\n";
    for (const auto& w : items) {
      const auto& d = w.deadline;
      std::cout << pad(w.case_id, 13) << pad(w.power, 14)
                << pad(w.step.empty() ? w.status + (w.outcome.empty() ? "" : ": " + w.outcome) : w.step + " " + w.step_name, 40)
                << pad(w.post, 18) << pad(format_local(w.since), 27) << pad(d ? format_deadline(d->due) : "-", 18)
                << pad(d ? d->left_text : "-", 24) << pad(d && !d->warning.empty() ? d->warning : "-", 6) << w.party
                << "\n";
    }
    std::cout << fmt::format("{} {}", items.size(), items.size() == 1 ? "item" : "items");
    if (page.more > 0) std::cout << fmt::format(", {} more (--limit N or --all to list them)", page.more);
    std::cout << "\n";
    return kExitOk;
  });
}

}  // namespace

Command add_case(CLI::App& app) {
  auto o = std::make_shared<CaseOptions>();
  auto* c = app.add_subcommand("case", "open, advance, show and list cases");
  c->require_subcommand(1);
  auto* open = c->add_subcommand("open", "open a case of a deployed power; prints its number and first step");
  open->add_option("power", o->power, "power code")->required();
  open->add_option("--party", o->party, "the party (applicant or counterpart)")->required();
  open->add_option("--set", o->sets, "field=value (repeatable)");
  open->add_option("--as", o->official, "the official registering the case (default: the party)");
  open->add_flag("--json", o->json, "machine-readable output");
  auto* adv = c->add_subcommand("advance", "take an action on an open step");
  adv->add_option("case", o->case_id, "case number")->required();
  adv->add_option("--action", o->action, "the action")->required();
  adv->add_option("--as", o->official, "the acting official")->required();
  adv->add_option("--step", o->step, "the open step (when several offer the action)");
  adv->add_option("--set", o->sets, "field=value (repeatable)");
  adv->add_option("--note", o->note, "a note for the record");
  adv->add_flag("--json", o->json, "machine-readable output");
  auto* ext = c->add_subcommand("extend", "extend the case limit (the post the definition names, with a reason)");
  ext->add_option("case", o->case_id, "case number")->required();
  ext->add_option("--as", o->official, "the approving official")->required();
  ext->add_option("--reason", o->reason, "why (recorded and shown to the party)")->required();
  ext->add_option("--amount", o->amount, "how much, in the unit of the statute (default: all that is allowed)");
  ext->add_flag("--json", o->json, "machine-readable output");
  auto* show = c->add_subcommand("show", "where a case is, who owns each open step, possible actions, data, history");
  show->add_option("case", o->case_id, "case number")->required();
  show->add_flag("--json", o->json, "machine-readable output");
  auto* list = c->add_subcommand("list", "the worklist, most urgent first, a page at a time");
  auto* as = list->add_option("--as", o->official, "steps this official's posts own");
  list->add_option("--post", o->post, "steps this post owns")->excludes(as);
  list->add_option("--power", o->power, "one power only");
  auto* op = list->add_flag("--open", o->open_only, "open cases only");
  list->add_flag("--closed", o->closed_only, "closed cases only")->excludes(op);
  list->add_flag("--json", o->json, "machine-readable output (every item unless --limit)");
  auto* lim = list->add_option("--limit", o->limit,
                               fmt::format("show the N most urgent items (default {}), then how many more", kListPage));
  list->add_flag("--all", o->all, "show every item")->excludes(lim);
  auto* right = c->add_subcommand("right", "record the party's use of a notified right (statement, defence, hearing…)");
  right->add_option("case", o->case_id, "case number")->required();
  right->add_option("--use", o->right, "the right's kind, as `case show` lists it")->required();
  right->add_option("--as", o->official, "the official recording it")->required();
  right->add_option("--note", o->note, "what the party said or asked, for the record");
  right->add_flag("--json", o->json, "machine-readable output");
  auto* notice = c->add_subcommand("notice", "the notice of a closed case's decision: rights and remedies with deadlines");
  notice->add_option("case", o->case_id, "case number")->required();
  notice->add_flag("--json", o->json, "machine-readable output");
  auto graph = add_case_graph(*c);
  auto batch = add_case_batch(*c);
  return [o, open, adv, ext, show, list, lim, right, notice, graph, batch]() {
    if (graph.app->parsed()) return graph.run();
    if (batch.app->parsed()) return batch.run();
    if (open->parsed()) return run_open(*o);
    if (adv->parsed()) return run_advance(*o);
    if (ext->parsed()) return run_extend(*o);
    if (show->parsed()) return run_show(*o);
    if (list->parsed()) {
      o->limit_given = lim->count() > 0;
      return run_list(*o);
    }
    if (right->parsed()) return run_right(*o);
    if (notice->parsed()) return run_notice(*o);
    return kExitUsage;
  };
}

}  // namespace sunlit::cli
