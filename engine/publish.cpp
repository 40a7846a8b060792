#include "engine/publish.h"

#include <fmt/format.h>

#include "engine/calendar.h"
#include "engine/case_state.h"
#include "engine/mask.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

// The fields that say whether the party is a person or an organisation.
constexpr const char* kPartyKindFields[] = {"party_kind", "applicant_type"};

// Whether the case's last word on its party's kind is "organisation".
bool organisation_party(const std::vector<Event>& events) {
  bool organisation = false;
  for (const auto& e : events) {
    if (e.kind != "opened" && e.kind != "acted") continue;
    json p = json::parse(e.payload, nullptr, false);
    if (!p.is_object() || !p.contains("data") || !p["data"].is_object()) continue;
    for (const char* f : kPartyKindFields)
      if (p["data"].contains(f) && p["data"][f].is_string()) organisation = p["data"][f] == "organisation";
  }
  return organisation;
}

std::string within_text(const Disclosure& d) {
  if (!d.within) return "";
  std::string t = unit_words(static_cast<std::int64_t>(d.within->amount), d.within->unit);
  return d.within->article.empty() ? t : fmt::format("{} ({})", t, d.within->article);
}

std::string action_label(const Step& st, const std::string& action) {
  for (const auto& a : st.actions)
    if (a.name == action) return a.label.empty() ? a.name : a.label;
  return action;
}

// A record of this case with what every record shares filled in.
PublicRecord record(const Process& p, const std::string& case_id, const std::string& party, const Disclosure& d,
                    Instant at) {
  PublicRecord r;
  r.case_id = case_id;
  r.power = p.power.code;
  r.power_name = p.power.name;
  r.body = p.power.body;
  r.party = party;
  r.at = at;
  r.forms = d.forms;
  r.time = to_string(d.time);
  r.within = within_text(d);
  return r;
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

bool public_now(const Disclosure& d) {
  return d.scope == DisclosureScope::public_ &&
         (d.time == DisclosureTime::as_it_happens || d.time == DisclosureTime::permanent);
}

bool publishable_power(const Catalog& power) {
  return !power.confidential && power.disclosure.scope == DisclosureScope::public_;
}

std::vector<PublicRecord> public_records(const CompiledProcess& cp, const std::vector<Event>& events,
                                         std::optional<Instant> since) {
  std::vector<PublicRecord> out;
  const Process& p = cp.process();
  if (!publishable_power(p.power) || events.empty()) return out;
  std::string case_id = events.front().case_id;
  std::string party;
  for (const auto& e : events) {
    if (e.kind != "opened") continue;
    json pl = json::parse(e.payload, nullptr, false);
    if (pl.is_object() && pl.contains("party") && pl["party"].is_string()) party = pl["party"];
  }
  party = mask_party(party, organisation_party(events));
  for (const auto& e : events) {
    if (since && e.at < *since) continue;
    if (e.kind != "acted" && e.kind != "closed") continue;
    json pl = json::parse(e.payload, nullptr, false);
    if (!pl.is_object()) continue;
    if (e.kind == "acted") {
      const Step* st = find_step(p, payload_text(pl, "step"));
      if (!st || !st->disclosure || !public_now(*st->disclosure) || !pl.contains("to")) continue;
      PublicRecord r = record(p, case_id, party, *st->disclosure, e.at);
      r.kind = "step";
      r.item = st->id;
      r.name = st->name;
      r.result = action_label(*st, payload_text(pl, "action"));
      out.push_back(std::move(r));
    } else {
      const Outcome* o = find_outcome(p, payload_text(pl, "outcome"));
      if (!o || !o->disclosure || !public_now(*o->disclosure)) continue;
      PublicRecord r = record(p, case_id, party, *o->disclosure, e.at);
      r.kind = "outcome";
      r.item = o->id;
      r.name = o->name;
      r.result = to_string(o->kind);
      out.push_back(std::move(r));
    }
  }
  return out;
}

json publication_json(const Publication& p) {
  json records = json::array();
  for (const auto& r : p.records)
    records.push_back({{"case", r.case_id}, {"power", r.power}, {"power_name", r.power_name}, {"body", r.body},
                       {"kind", r.kind}, {"item", r.item}, {"name", r.name}, {"result", r.result},
                       {"party", r.party}, {"at", format_local(r.at)}, {"forms", r.forms}, {"time", r.time},
                       {"within", r.within}});
  return {{"made_at", format_local(p.made_at)},
          {"since", p.since ? json(format_local(*p.since)) : json(nullptr)},
          {"records", records}};
}

std::string publication_csv(const Publication& p) {
  std::string out = "case,power,power_name,body,kind,item,name,result,party,at,forms,time,within\n";
  for (const auto& r : p.records) {
    std::vector<std::string> cells{r.case_id, r.power, r.power_name, r.body, r.kind, r.item, r.name, r.result,
                                   r.party, format_local(r.at), joined(r.forms, " "), r.time, r.within};
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_cell(cells[i]);
    out += "\n";
  }
  return out;
}

}  // namespace sunlit
