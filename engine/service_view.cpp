// What officials see of a case: the derived row, the view, history summaries and worklists.
#include <algorithm>
#include <fmt/format.h>

#include "engine/case_snapshot.h"
#include "engine/compiler.h"
#include "engine/runtime_clock.h"
#include "engine/service.h"
#include "engine/workspace.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

std::string text(const json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string data_text(const json& data) {
  std::string out;
  for (const auto& [k, v] : data.items()) out += fmt::format(" {}={}", k, v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

std::string when(const json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_number_integer() ? format_local(it->get<Instant>()) : std::string();
}

// "yellow" beats "", "red" beats both.
void stronger(std::string& have, const std::string& colour) {
  if (colour == "red" || (colour == "yellow" && have.empty())) have = colour;
}

// Whether a card still concerns an open deadline: its step is open with the same due, or the case
// clock still counts toward the same due.
bool active(const CaseState& s, const Card& c) {
  if (s.closed) return false;
  if (c.step.empty()) return s.clock.counting() && s.clock.due == c.due;
  return std::any_of(s.open.begin(), s.open.end(), [&](const Token& t) { return t.step == c.step && t.due == c.due; });
}

// The strongest active card on a step ("" for the case).
std::string card_on(const CaseState& s, const std::string& step) {
  std::string out;
  for (const auto& c : s.cards)
    if (c.step == step && active(s, c)) stronger(out, c.colour);
  return out;
}

// "; right hearing lapsed" when an elapsed wait was a right's window, "; uses right hearing" for an action.
std::string right_text(const json& p) {
  return p.contains("right") ? fmt::format("; right {} lapsed", text(p, "right")) : std::string();
}

// "; rights notified: hearing (due …), reasons" for an action that notified rights.
std::string notified_text(const json& p) {
  auto it = p.find("rights");
  if (it == p.end() || !it->is_array() || it->empty()) return {};
  std::string out;
  for (const auto& r : *it)
    out += (out.empty() ? "" : ", ") + text(r, "kind") + (r.contains("due") ? " (due " + when(r, "due") + ")" : "");
  return "; rights notified: " + out;
}

// "; remedies: reconsideration by …, litigation by …" for a closing decision that states them.
std::string remedies_text(const json& p) {
  auto it = p.find("remedies");
  if (it == p.end() || !it->is_array() || it->empty()) return {};
  std::string out;
  for (const auto& r : *it)
    out += (out.empty() ? "" : ", ") + text(r, "channel") + (r.contains("due") ? " due " + when(r, "due") : "");
  return "; remedies: " + out;
}

std::string clock_summary(const std::string& k, const json& p) {
  if (k == "clock_started") return "case clock started, due " + when(p, "due");
  if (k == "clock_suspended") return fmt::format("case clock suspended by {} ({})", text(p, "step"), text(p, "reason"));
  if (k == "clock_resumed") return fmt::format("case clock resumed after {}, due {}", text(p, "step"), when(p, "due"));
  if (k == "clock_restarted") return fmt::format("case clock restarted after {}, due {}", text(p, "step"), when(p, "due"));
  if (k == "clock_stopped") return fmt::format("case clock stopped after {}", text(p, "step"));
  if (k == "extended")
    return fmt::format("case limit extended by {} {}, due {}: {}", p.value("amount", 0.0), text(p, "unit"),
                       when(p, "due"), text(p, "reason"));
  if (k == "warned")
    return fmt::format("{} card on {} (due {})", text(p, "colour"),
                       text(p, "scope") == "case" ? std::string("the case") : "step " + text(p, "step"), when(p, "due"));
  if (k == "elapsed")
    return fmt::format("{} elapsed -> {}{}{}", text(p, "step"), text(p, "to"),
                       p.contains("label") ? " (" + text(p, "label") + ")" : "", right_text(p));
  if (k == "right_used")
    return fmt::format("right {} used{}", text(p, "kind"), p.contains("note") ? " (note: " + text(p, "note") + ")" : "");
  if (k == "right_lapsed") return fmt::format("right {} lapsed (window ended {})", text(p, "kind"), when(p, "due"));
  return k;
}

CaseClockView clock_view(const CompiledProcess& cp, const CaseState& s, Instant now, const TimeRules& rules) {
  CaseClockView v;
  const auto& limit = cp.process().limit;
  v.running = s.clock.status == CaseClock::Status::running;
  if (v.running && limit)
    v.deadline = deadline_view(*rules.calendar, s.clock.due, limit->period, now, s.clock.estimated, card_on(s, ""));
  if (s.clock.status == CaseClock::Status::suspended) {
    v.suspended_reason = s.clock.reason;
    v.suspended_since = s.clock.suspended_since;
  }
  for (const auto& x : s.clock.extensions)
    v.extensions.push_back(fmt::format("+{} {} by {} ({}) on {}, due {}: {}", x.amount, x.unit, x.by, x.post,
                                       format_local(x.at).substr(0, 10), format_local(x.due), x.reason));
  return v;
}

// The rights notified on a case, with their windows' time left at `now` while open.
std::vector<RightView> right_views(const CompiledProcess& cp, const CaseState& s, Instant now, const TimeRules& rules) {
  std::vector<RightView> out;
  for (const auto& r : s.rights) {
    RightView v{r.kind, r.step, "", r.article, "", r.notified_at, std::nullopt, r.status, r.ended_at, r.used_by, r.note};
    if (const Step* st = find_step(cp.process(), r.step)) v.step_name = st->name;
    for (const auto& d : cp.process().rights)
      if (to_string(d.kind) == r.kind && d.step.name == r.step) v.description = d.description;
    if (r.due && r.window)
      v.window = deadline_view(*rules.calendar, *r.due, *r.window, r.status == "open" ? now : r.ended_at, r.estimated, "");
    out.push_back(std::move(v));
  }
  return out;
}

// Urgency order of worklist items: overdue and soonest deadlines first, items without one last.
bool more_urgent(const WorkItem& a, const WorkItem& b) {
  if (a.deadline.has_value() != b.deadline.has_value()) return a.deadline.has_value();
  return a.deadline && a.deadline->due < b.deadline->due;
}

}  // namespace

std::string summarize(const Event& e) {
  json p = json::parse(e.payload, nullptr, false);
  if (!p.is_object()) return e.kind;
  const std::string& k = e.kind;
  if (k == "opened") return fmt::format("case opened for {} ({} v{}){}", text(p, "party"), text(p, "power"),
                                        text(p, "definition_version"), p.contains("data") ? data_text(p["data"]) : "");
  if (k == "entered")
    return p.contains("due") ? fmt::format("step {} opened, due {}", text(p, "step"), when(p, "due"))
                             : fmt::format("step {} opened", text(p, "step"));
  if (k == "signed") return fmt::format("{} signed {} (first of two officials)", text(p, "action"), text(p, "step"));
  if (k == "acted") {
    std::string s = fmt::format("{} at {} -> {}", text(p, "action"), text(p, "step"), text(p, "to"));
    if (p.contains("data") && !p["data"].empty()) s += data_text(p["data"]);
    if (p.contains("note")) s += fmt::format(" (note: {})", text(p, "note"));
    if (p.contains("right")) s += fmt::format("; uses right {}", text(p, "right"));
    return s + notified_text(p);
  }
  if (k == "chose") return fmt::format("choice {} took {} -> {}", text(p, "step"),
                                       p.contains("when") ? "'" + text(p, "when") + "'" : text(p, "branch"), text(p, "to"));
  if (k == "split") return fmt::format("parallel {} started {}", text(p, "step"), text(p, "to"));
  if (k == "arrived") return fmt::format("{} reached join {}", text(p, "from"), text(p, "join"));
  if (k == "joined") return fmt::format("join {} complete -> {}", text(p, "join"), text(p, "to"));
  if (k == "closed") return fmt::format("case closed: {}{}", text(p, "outcome"), remedies_text(p));
  if (k == "withdrawn") return fmt::format("withdrawn, open steps cancelled: {}", text(p, "cancelled"));
  if (k == "refused") return fmt::format("REFUSED {}: {}", text(p, "action"), text(p, "message"));
  return clock_summary(k, p);
}

CaseRow derive_row(const CompiledProcess& cp, const CaseState& s, Instant now, const TimeRules& rules) {
  CaseRow row;
  row.id = s.id;
  row.definition_id = s.definition_id;
  row.power_code = s.power;
  row.party = s.party;
  row.opened_at = s.opened_at;
  row.status = s.closed ? CaseStatus::closed : CaseStatus::open;
  row.outcome = s.outcome;
  row.snapshot = snapshot_text(s);
  row.updated_at = now;
  for (const auto& t : s.open) {
    auto v = cp.vertex(t.step);
    const Step* st = find_step(cp.process(), t.step);
    row.open_steps.push_back({t.step, st ? st->post.name : "", v ? cp.department(*v) : "", t.since, t.due,
                              s.cards.empty() ? std::string() : card_on(s, t.step)});
  }
  if (s.clock.status == CaseClock::Status::running) row.due = s.clock.due;
  for (const auto& c : s.cards) {
    bool on = active(s, c);
    if (on) stronger(row.warning, c.colour);
    row.warnings.push_back({s.id, c.n, c.colour, c.step, c.post, c.department, c.due, c.at, on});
  }
  for (auto& t : pending_timers(cp, s, rules)) row.timers.push_back({s.id, std::move(t.name), t.kind, t.step, t.due, ""});
  return row;
}

CaseView CaseService::view(const CompiledProcess& cp, const CaseState& s, std::int64_t version,
                           const std::vector<Event>& history, const TimeRules& rules) const {
  Instant now = clock_.now();
  CaseView v;
  v.id = s.id;
  v.power = s.power;
  v.power_name = cp.process().power.name;
  v.party = s.party;
  v.outcome = s.outcome;
  if (const Outcome* o = find_outcome(cp.process(), s.outcome)) v.outcome_name = o->name;
  v.definition_version = s.definition_version;
  v.version = version;
  v.closed = s.closed;
  v.opened_at = s.opened_at;
  const Organisation& org = cp.organisation();
  for (const auto& t : s.open) {
    OpenStepView o;
    o.step = t.step;
    o.since = t.since;
    o.signatures = t.signatures;
    o.actions = possible_actions(cp, s, t.step);
    if (const Step* st = find_step(cp.process(), t.step)) {
      o.name = st->name;
      o.post = st->post.name;
      if (const Post* p = find_post(org, o.post)) {
        o.post_name = p->name;
        o.department = p->department;
        if (const Department* d = cp.department_info(p->department)) o.department_name = d->name;
      }
      if (t.due && st->limit)
        o.deadline = deadline_view(*rules.calendar, *t.due, *st->limit, now, t.estimated, card_on(s, t.step));
    }
    v.open.push_back(std::move(o));
  }
  v.clock = clock_view(cp, s, now, rules);
  for (const auto& c : s.cards) {
    const Step* st = find_step(cp.process(), c.step);
    v.warnings.push_back({s.id, s.power, c.colour, c.step, st ? st->name : "", c.post, c.department, c.due, c.at, active(s, c)});
  }
  for (const auto& f : cp.process().fields) {
    auto it = s.data.find(f.name);
    if (it == s.data.end()) continue;
    auto value = value_from_json(*it, f);
    v.data.emplace_back(f.name, value ? value->to_string() : it->dump());
  }
  for (const auto& e : history) v.history.push_back({e.seq, e.at, e.actor, e.post, e.kind, summarize(e)});
  v.rights = right_views(cp, s, now, rules);
  v.remedies = s.remedies;
  return v;
}

namespace {

// The posts an official holds in any deployed organisation. `exact`: every organisation that has
// one of these posts has the official in it (so every step in them is theirs); otherwise (two
// organisations share a post name) the store's rows are a superset and list() checks each case's
// own organisation.
struct OfficialPosts {
  std::vector<std::string> posts;
  bool exact = true;
};

Served<OfficialPosts> official_posts(Store& store, const std::string& official) {
  auto ids = store.organisation_ids();
  if (!ids) return from_store(ids.error());
  std::vector<Organisation> orgs;
  OfficialPosts out;
  for (std::int64_t id : *ids) {
    auto org = store.organisation_by_id(id);
    if (!org) return from_store(org.error());
    Workspace ws = load_sources({{org->name + ".org.yaml", org->yaml}});
    for (auto& o : ws.organisations) {
      if (const Official* who = find_official(o, official))
        for (const auto& p : who->posts) out.posts.push_back(p.name);
      orgs.push_back(std::move(o));
    }
  }
  for (const Organisation& o : orgs) {
    const Official* who = find_official(o, official);
    for (const auto& p : out.posts)
      if (find_post(o, p) && (!who || std::none_of(who->posts.begin(), who->posts.end(),
                                                   [&](const Ref& r) { return r.name == p; })))
        out.exact = false;
  }
  return out;
}

}  // namespace

Served<std::vector<WorkItem>> CaseService::items(const std::vector<CaseRow>& rows, const ListFilter& f) {
  std::vector<WorkItem> out;
  Instant now = clock_.now();
  for (const auto& r : rows) {
    auto cp = compiled(r.definition_id);
    if (auto* e = std::get_if<CaseError>(&cp)) return *e;
    const auto& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
    auto rules = this->rules(r.power_code);
    if (auto* e = std::get_if<CaseError>(&rules)) return *e;
    const Calendar& calendar = *std::get<TimeRules>(rules).calendar;
    const auto& limit = process.process().limit;
    std::optional<DeadlineView> case_deadline;
    if (r.due && limit) case_deadline = deadline_view(calendar, *r.due, limit->period, now, false, r.warning);
    const Official* who = f.official.empty() ? nullptr : find_official(process.organisation(), f.official);
    if (!f.official.empty() && !who) continue;
    WorkItem base{r.id, r.power_code, r.party, to_string(r.status), r.outcome, "", "", "", r.opened_at, case_deadline};
    if (r.open_steps.empty() && f.official.empty() && f.post.empty()) out.push_back(base);
    for (const auto& s : r.open_steps) {
      if (who && std::none_of(who->posts.begin(), who->posts.end(), [&](const Ref& p) { return p.name == s.post; }))
        continue;
      WorkItem item = base;
      item.step = s.step;
      const Step* st = find_step(process.process(), s.step);
      if (st) item.step_name = st->name;
      item.post = s.post;
      item.since = s.since;
      if (s.due && st && st->limit) item.deadline = deadline_view(calendar, *s.due, *st->limit, now, false, s.warning);
      out.push_back(item);
    }
  }
  std::stable_sort(out.begin(), out.end(), more_urgent);  // the store's order already; kept as the rule
  return out;
}

Served<WorkPage> CaseService::page(const ListFilter& f) {
  WorklistFilter wf;
  wf.power_code = f.power;
  wf.status = f.status;
  wf.urgent_first = true;
  if (!f.post.empty()) wf.posts = {f.post};
  bool exact = true;  // one store row is one item: the store can count and page them
  if (!f.official.empty()) {  // read only the steps in one of the official's posts
    auto posts = official_posts(store_, f.official);
    if (auto* e = std::get_if<CaseError>(&posts)) return *e;
    wf.posts = std::get<OfficialPosts>(posts).posts;
    exact = std::get<OfficialPosts>(posts).exact;
    if (wf.posts.empty()) return WorkPage{};
  }
  const bool paged = f.limit > 0 && exact;
  if (paged) wf.limit = f.limit;
  auto rows = store_.worklist(wf);
  if (!rows) return from_store(rows.error());
  auto listed = items(*rows, f);
  if (auto* e = std::get_if<CaseError>(&listed)) return *e;
  WorkPage page{std::move(std::get<std::vector<WorkItem>>(listed)), 0};
  const auto shown = static_cast<std::int64_t>(page.items.size());
  if (paged) {
    auto size = store_.worklist_size(wf);
    if (!size) return from_store(size.error());
    page.more = std::max<std::int64_t>(*size - shown, 0);
  } else if (f.limit > 0 && shown > f.limit) {  // the superset was read whole and checked: cut here
    page.more = shown - f.limit;
    page.items.resize(static_cast<std::size_t>(f.limit));
  }
  return page;
}

Served<std::vector<WorkItem>> CaseService::list(const ListFilter& f) {
  ListFilter all = f;
  all.limit = 0;
  auto p = page(all);
  if (auto* e = std::get_if<CaseError>(&p)) return *e;
  return std::move(std::get<WorkPage>(p).items);
}

}  // namespace sunlit
