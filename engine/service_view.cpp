// What officials see of a case: the derived row, the view, history summaries and worklists.
#include <algorithm>
#include <fmt/format.h>

#include "engine/compiler.h"
#include "engine/service.h"

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

}  // namespace

std::string summarize(const Event& e) {
  json p = json::parse(e.payload, nullptr, false);
  if (!p.is_object()) return e.kind;
  const std::string& k = e.kind;
  if (k == "opened") return fmt::format("case opened for {} ({} v{}){}", text(p, "party"), text(p, "power"),
                                        text(p, "definition_version"), p.contains("data") ? data_text(p["data"]) : "");
  if (k == "entered") return fmt::format("step {} opened", text(p, "step"));
  if (k == "signed") return fmt::format("{} signed {} (first of two officials)", text(p, "action"), text(p, "step"));
  if (k == "acted") {
    std::string s = fmt::format("{} at {} -> {}", text(p, "action"), text(p, "step"), text(p, "to"));
    if (p.contains("data") && !p["data"].empty()) s += data_text(p["data"]);
    if (p.contains("note")) s += fmt::format(" (note: {})", text(p, "note"));
    return s;
  }
  if (k == "chose") return fmt::format("choice {} took {} -> {}", text(p, "step"),
                                       p.contains("when") ? "'" + text(p, "when") + "'" : text(p, "branch"), text(p, "to"));
  if (k == "split") return fmt::format("parallel {} started {}", text(p, "step"), text(p, "to"));
  if (k == "arrived") return fmt::format("{} reached join {}", text(p, "from"), text(p, "join"));
  if (k == "joined") return fmt::format("join {} complete -> {}", text(p, "join"), text(p, "to"));
  if (k == "closed") return fmt::format("case closed: {}", text(p, "outcome"));
  if (k == "withdrawn") return fmt::format("withdrawn, open steps cancelled: {}", text(p, "cancelled"));
  if (k == "refused") return fmt::format("REFUSED {}: {}", text(p, "action"), text(p, "message"));
  return k;
}

CaseRow derive_row(const CompiledProcess& cp, const CaseState& s, Instant now) {
  CaseRow row;
  row.id = s.id;
  row.definition_id = s.definition_id;
  row.power_code = s.power;
  row.party = s.party;
  row.opened_at = s.opened_at;
  row.status = s.closed ? CaseStatus::closed : CaseStatus::open;
  row.outcome = s.outcome;
  row.snapshot = to_json(s).dump();
  row.updated_at = now;
  for (const auto& t : s.open) {
    auto v = cp.vertex(t.step);
    const Step* st = find_step(cp.process(), t.step);
    row.open_steps.push_back({t.step, st ? st->post.name : "", v ? cp.department(*v) : "", t.since, std::nullopt, ""});
  }
  return row;
}

CaseView CaseService::view(const CompiledProcess& cp, const CaseState& s, std::int64_t version,
                           const std::vector<Event>& history) const {
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
    }
    v.open.push_back(std::move(o));
  }
  for (const auto& f : cp.process().fields) {
    auto it = s.data.find(f.name);
    if (it == s.data.end()) continue;
    auto value = value_from_json(*it, f);
    v.data.emplace_back(f.name, value ? value->to_string() : it->dump());
  }
  for (const auto& e : history) v.history.push_back({e.seq, e.at, e.actor, e.post, e.kind, summarize(e)});
  return v;
}

Served<std::vector<WorkItem>> CaseService::list(const ListFilter& f) {
  WorklistFilter wf;
  wf.power_code = f.power;
  wf.status = f.status;
  if (!f.post.empty()) wf.posts = {f.post};
  auto rows = store_.worklist(wf);
  if (!rows) return from_store(rows.error());
  std::vector<WorkItem> out;
  for (const auto& r : *rows) {
    auto cp = compiled(r.definition_id);
    if (auto* e = std::get_if<CaseError>(&cp)) return *e;
    const auto& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
    const Official* who = f.official.empty() ? nullptr : find_official(process.organisation(), f.official);
    if (!f.official.empty() && !who) continue;
    WorkItem base{r.id, r.power_code, r.party, to_string(r.status), r.outcome, "", "", "", r.opened_at, std::nullopt};
    if (r.open_steps.empty() && f.official.empty() && f.post.empty()) out.push_back(base);
    for (const auto& s : r.open_steps) {
      if (who && std::none_of(who->posts.begin(), who->posts.end(), [&](const Ref& p) { return p.name == s.post; }))
        continue;
      WorkItem item = base;
      item.step = s.step;
      if (const Step* st = find_step(process.process(), s.step)) item.step_name = st->name;
      item.post = s.post;
      item.since = s.since;
      out.push_back(item);
    }
  }
  return out;
}

}  // namespace sunlit
