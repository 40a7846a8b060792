// Complaints (投诉, issue 5 item 6, docs/complaints.md): a complaint about a case is an ordinary
// case of the complaint process, opened in one transaction; its `opened` event carries
// complaint_of, channel and text, and where the channel routes it (body, contact, channel_kind).
// The link back is read from the event log (Store::complaints), so rebuild has nothing to redo.
#include <fmt/format.h>

#include "engine/service.h"
#include "engine/suggest.h"

namespace sunlit {

namespace {

CaseError fail(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

int local_year(Instant t) { return std::stoi(format_local(t).substr(0, 4)); }

// The channel of the original case's definition called `id`, or a message naming the ones it has.
std::variant<const Channel*, CaseError> find_channel(const Process& p, const std::string& case_id,
                                                     const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& c : p.channels) {
    if (c.id == id) return &c;
    ids.push_back(c.id);
  }
  if (ids.empty())
    return fail(CaseError::bad_value, fmt::format("the flowchart of case {} ({}) names no complaint channel", case_id,
                                                  p.power.code));
  std::string list;
  for (const auto& i : ids) list += (list.empty() ? "" : ", ") + i;
  return fail(CaseError::bad_value, fmt::format("case {} ({}) has no complaint channel '{}'{}; its channels: {}",
                                                case_id, p.power.code, id, did_you_mean(id, ids), list));
}

}  // namespace

Served<ComplaintView> CaseService::file_complaint(const ComplaintRequest& rq) {
  if (rq.text.empty()) return fail(CaseError::bad_value, "a complaint needs its text (--text TEXT)");
  auto original = load(rq.case_id);
  if (auto* e = std::get_if<CaseError>(&original)) return *e;
  const LoadedCase& orig = std::get<LoadedCase>(original);
  auto channel = find_channel(orig.cp->process(), rq.case_id, rq.channel);
  if (auto* e = std::get_if<CaseError>(&channel)) return *e;
  const Channel& ch = *std::get<const Channel*>(channel);

  std::string power = rq.process.empty() ? kComplaintPower : rq.process;
  auto def = store_.latest(power);
  if (!def) {
    if (def.error().kind == StoreError::not_found)
      return fail(CaseError::not_found, fmt::format("the complaint process {} is not deployed (deploy {} first)", power,
                                                    power == kComplaintPower ? "processes/petition.yaml" : "its flowchart"));
    return from_store(def.error());
  }
  auto cp = compiled(def->id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  const CompiledProcess& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
  if (!rq.as.empty() && !find_official(process.organisation(), rq.as))
    return fail(CaseError::unknown_official, fmt::format("unknown official '{}'", rq.as));
  std::vector<std::pair<std::string, std::string>> sets;
  if (const Field* f = find_field(process.process(), "related_case"); f && f->type == FieldType::text)
    sets.emplace_back("related_case", rq.case_id);  // the petition process's own record of the link

  auto rules = this->rules(power);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  const TimeRules& tr = std::get<TimeRules>(rules);
  Instant now = clock_.now();
  std::string party = rq.party.empty() ? orig.state.party : rq.party;
  auto decision = open_case(process, def->id, def->version, party, sets, rq.as.empty() ? "party" : rq.as, now, tr);
  if (auto* e = std::get_if<CaseError>(&decision)) return *e;
  auto events = std::get<std::vector<CaseEvent>>(decision);
  auto& opened = events.front().payload;  // open_case() puts the `opened` event first
  opened["complaint_of"] = rq.case_id;
  opened["channel"] = ch.id;
  opened["text"] = rq.text;
  opened["channel_kind"] = to_string(ch.kind);
  opened["body"] = ch.body;
  opened["contact"] = ch.contact;
  auto view = commit("", 0, process, CaseState{}, events, local_year(now), tr);
  if (auto* e = std::get_if<CaseError>(&view)) return *e;
  return ComplaintView{std::get<CaseView>(view), rq.case_id, ch.id, to_string(ch.kind), ch.body, ch.contact};
}

Served<std::vector<ComplaintCase>> CaseService::complaints(const std::string& case_id) {
  if (!case_id.empty()) {
    auto row = store_.load_case(case_id);
    if (!row) {
      if (row.error().kind == StoreError::not_found)
        return fail(CaseError::not_found, fmt::format("unknown case '{}'", case_id));
      return from_store(row.error());
    }
  }
  auto rows = store_.complaints_about(case_id);
  if (!rows) return from_store(rows.error());
  return std::move(*rows);
}

}  // namespace sunlit
