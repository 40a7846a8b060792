#include "engine/service.h"

#include <fmt/format.h>

#include "engine/compiler.h"
#include "engine/payload_text.h"
#include "engine/validator.h"
#include "engine/workspace.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

CaseError fail(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

Event to_store(const CaseEvent& e) {
  Event out;
  out.at = e.at;
  out.actor = e.actor;
  out.post = e.post;
  out.kind = e.kind;
  out.payload = e.payload.dump();
  return out;
}

int local_year(Instant t) { return std::stoi(format_local(t).substr(0, 4)); }

}  // namespace

CaseEvent from_log(const Event& e) {
  return CaseEvent{e.seq, e.at, e.actor, e.post, e.kind, json::parse(e.payload, nullptr, false)};
}

CaseError from_store(const StoreError& e) {
  switch (e.kind) {
    case StoreError::not_found: return fail(CaseError::not_found, e.message);
    case StoreError::conflict: return fail(CaseError::conflict, e.message);
    case StoreError::busy: return fail(CaseError::busy, e.message);
    default: return fail(CaseError::storage, e.message);
  }
}

Served<CaseView> CaseService::open(const std::string& power, const std::string& party,
                                   const std::vector<std::pair<std::string, std::string>>& sets,
                                   const std::string& as) {
  if (party.empty()) return fail(CaseError::bad_value, "a case needs a party (--party NAME)");
  auto def = store_.latest(power);
  if (!def) {
    if (def.error().kind == StoreError::not_found)
      return fail(CaseError::not_found, fmt::format("no deployed power '{}' (deploy its flowchart first)", power));
    return from_store(def.error());
  }
  auto cp = compiled(def->id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  const auto& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
  std::string actor = as.empty() ? "party" : as;
  if (!as.empty() && !find_official(process.organisation(), as))
    return fail(CaseError::unknown_official, fmt::format("unknown official '{}'", as));
  auto rules = this->rules(power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  const TimeRules& tr = std::get<TimeRules>(rules);
  Instant now = clock_.now();
  auto decision = open_case(process, def->id, def->version, party, sets, actor, now, tr);
  if (auto* e = std::get_if<CaseError>(&decision)) return *e;
  return commit("", 0, process, CaseState{}, std::get<std::vector<CaseEvent>>(decision), local_year(now), tr);
}

// When this service made the case's last known version, the action is decided on that state and
// committed expecting that version, without reading the store first (one read transaction less
// per step). Whatever else happens (the action is refused or invalid on that state, or another
// writer moved the case on, so the store's version check refuses the commit), nothing was written
// and the ordinary path below decides again on the stored state: it alone answers errors and
// records refusals.
Served<CaseView> CaseService::advance(const std::string& case_id, const Command& cmd) {
  if (auto known = known_case(case_id)) {
    auto prepared = prepare_loaded(case_id, std::move(*known), cmd);
    if (auto* p = std::get_if<PreparedAdvance>(&prepared)) {
      auto done = store_.commit(p->change);
      if (done) return finish_advance(*p, *done);
      if (done.error().kind != StoreError::conflict) return from_store(done.error());
    }
  }
  const Instant now = clock_.now();
  auto prepared = prepare_advance(case_id, cmd);
  if (auto* e = std::get_if<CaseError>(&prepared)) {
    if (e->refusal()) {
      json payload{{"action", cmd.action}, {"step", cmd.step}, {"reason", e->kind == CaseError::wrong_post ? "wrong_post" : "separation"},
                   {"message", e->message}};
      auto recorded = store_.append_refusal(case_id, Event{"", 0, 0, now, cmd.official, "", "refused", payload.dump()});
      if (!recorded) return from_store(recorded.error());
    }
    return *e;
  }
  auto& p = std::get<PreparedAdvance>(prepared);
  auto done = store_.commit(p.change);
  if (!done) return from_store(done.error());
  return finish_advance(p, *done);
}

Served<PreparedAdvance> CaseService::prepare_advance(const std::string& case_id, const Command& cmd) {
  auto loaded = load(case_id, true);
  if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
  return prepare_loaded(case_id, std::move(std::get<LoadedCase>(loaded)), cmd);
}

Served<PreparedAdvance> CaseService::prepare_loaded(const std::string& case_id, LoadedCase loaded, const Command& cmd) {
  auto& [version, cp, state] = loaded;
  auto rules = this->rules(state.power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  const TimeRules& tr = std::get<TimeRules>(rules);
  auto decision = sunlit::advance(*cp, state, cmd, clock_.now(), tr);
  if (auto* e = std::get_if<CaseError>(&decision)) return *e;
  PreparedAdvance p{{}, std::move(cp), std::move(state), tr};
  auto built = change(case_id, version, *p.cp, p.state, std::get<std::vector<CaseEvent>>(decision), 0, tr);
  if (auto* e = std::get_if<CaseError>(&built)) return *e;
  p.change = std::move(std::get<CaseChange>(built));
  return p;
}

CaseView CaseService::finish_advance(PreparedAdvance& p, const CommitInfo& info) {
  p.state.id = info.case_id;
  CaseView v = view(*p.cp, p.state, info.version, {}, p.rules);  // the write path returns no history: `show` reads it
  remember(info.case_id, info.version, std::move(p.state));
  return v;
}

Served<CaseChange> CaseService::change(const std::string& case_id, std::int64_t expected, const CompiledProcess& cp,
                                       CaseState& state, const std::vector<CaseEvent>& events, int year,
                                       const TimeRules& rules) const {
  CaseChange change;
  change.case_id = case_id;
  change.year = year;
  change.expected_version = expected;
  for (const auto& e : events)  // JSON text must be UTF-8: refuse other bytes before storing anything
    if (auto bad = invalid_utf8_text(e.payload)) return fail(CaseError::bad_value, *bad);
  for (const auto& e : events) {  // unnumbered (seq 0): the store assigns the sequence numbers
    std::string why;
    if (!apply(state, e, &why)) return fail(CaseError::storage, "internal error: " + why);
    change.events.push_back(to_store(e));
  }
  change.row = derive_row(cp, state, clock_.now(), rules);
  return change;
}

Served<CaseView> CaseService::commit(const std::string& case_id, std::int64_t expected, const CompiledProcess& cp,
                                     CaseState state, const std::vector<CaseEvent>& events, int year,
                                     const TimeRules& rules) {
  auto built = change(case_id, expected, cp, state, events, year, rules);
  if (auto* e = std::get_if<CaseError>(&built)) return *e;
  auto done = store_.commit(std::get<CaseChange>(built));
  if (!done) return from_store(done.error());
  state.id = done->case_id;
  CaseView v = view(cp, state, done->version, {}, rules);  // the write path returns no history: `show` reads it
  remember(done->case_id, done->version, std::move(state));
  return v;
}

void CaseService::remember(const std::string& case_id, std::int64_t version, CaseState state) {
  if (known_.size() >= kKnownStates && !known_.count(case_id)) known_.clear();
  known_[case_id] = KnownState{version, std::move(state)};
}

std::optional<LoadedCase> CaseService::known_case(const std::string& case_id) {
  auto known = known_.extract(case_id);
  if (known.empty()) return std::nullopt;
  auto cp = compiled(known.mapped().state.definition_id);
  if (std::holds_alternative<CaseError>(cp)) return std::nullopt;
  return LoadedCase{known.mapped().version, std::get<std::shared_ptr<const CompiledProcess>>(cp),
                    std::move(known.mapped().state)};
}

Served<LoadedCase> CaseService::load(const std::string& case_id, bool reuse_known) {
  auto known = reuse_known ? known_.find(case_id) : known_.end();
  auto row = store_.case_state(case_id, known == known_.end());
  if (row && known != known_.end() && known->second.version != row->version)
    row = store_.case_state(case_id, true);  // changed since this service's last commit: read its snapshot
  if (!row) {
    if (row.error().kind == StoreError::not_found) return fail(CaseError::not_found, fmt::format("unknown case '{}'", case_id));
    return from_store(row.error());
  }
  auto cp = compiled(row->definition_id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  auto cp_ptr = std::get<std::shared_ptr<const CompiledProcess>>(cp);
  if (known != known_.end() && known->second.version == row->version)
    return LoadedCase{row->version, cp_ptr, known->second.state};
  auto state = state_from_json(json::parse(row->snapshot, nullptr, false));
  if (!state) return fail(CaseError::storage, fmt::format("the snapshot of case {} is damaged; run 'sunlit admin rebuild'", case_id));
  state->id = case_id;
  return LoadedCase{row->version, std::move(cp_ptr), std::move(*state)};
}

Served<CaseView> CaseService::show(const std::string& case_id) {
  auto loaded = load(case_id);
  if (auto* e = std::get_if<CaseError>(&loaded)) return *e;
  const auto& [version, cp, state] = std::get<LoadedCase>(loaded);
  auto history = store_.events(case_id);
  if (!history) return from_store(history.error());
  auto rules = this->rules(state.power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  auto complaints = store_.complaints_about(case_id);  // issue 5: complaints about this case
  if (!complaints) return from_store(complaints.error());
  CaseView v = view(*cp, state, version, *history, std::get<TimeRules>(rules));
  for (const auto& c : *complaints) v.complaints.push_back(c.id);
  return v;
}

Served<RebuildReport> CaseService::rebuild() {
  RebuildReport report;
  known_.clear();
  if (auto e = clear_compiled()) return *e;  // the definition cache refills from the YAML (service_compiled.cpp)
  auto ids = store_.all_case_ids();
  if (!ids) return from_store(ids.error());
  for (const auto& id : *ids) {
    auto events = store_.events(id);
    if (!events) return from_store(events.error());
    CaseState state;
    for (const auto& e : *events) {
      CaseEvent ce = from_log(e);
      std::string why;
      if (!apply(state, ce, &why))
        return fail(CaseError::storage, fmt::format("case {} event {} cannot be replayed: {}", id, e.seq, why));
    }
    state.id = id;
    auto cp = compiled(state.definition_id);
    if (auto* e = std::get_if<CaseError>(&cp)) return *e;
    auto old = store_.load_case(id);
    auto rules = this->rules(state.power);
    if (auto* e = std::get_if<CaseError>(&rules)) return *e;
    CaseRow row = derive_row(*std::get<std::shared_ptr<const CompiledProcess>>(cp), state,
                             events->empty() ? 0 : events->back().at, std::get<TimeRules>(rules));
    row.version = old ? old->version : events->back().version;
    if (!old || json::parse(old->snapshot, nullptr, false) != json::parse(row.snapshot, nullptr, false))
      report.differed.push_back(id);
    auto done = store_.replace_derived(id, row);
    if (!done) return from_store(done.error());
    ++report.cases;
    report.events += static_cast<int>(events->size());
  }
  return report;
}

}  // namespace sunlit
