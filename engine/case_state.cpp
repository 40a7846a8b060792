#include "engine/case_state.h"

#include <algorithm>

#include "engine/case_apply.h"
#include "engine/case_snapshot.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

}  // namespace

// Member access for payloads as nlohmann::json (see case_apply.h).
template <> struct detail::PayloadAccess<json> {
  static std::string text(const json& p, const char* key) { return payload_text(p, key); }
  static std::optional<Instant> instant(const json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<Instant>();
  }
  static bool flag(const json& p, const char* key) {
    auto it = p.find(key);
    return it != p.end() && it->is_boolean() && it->get<bool>();
  }
  static double number(const json& p, const char* key, double fallback) {
    auto it = p.find(key);
    return it != p.end() && it->is_number() ? it->get<double>() : fallback;
  }
  static std::int64_t integer(const json& p, const char* key, std::int64_t fallback) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_number()) return fallback;
    return it->is_number_float() ? to_int64(it->get<double>()) : it->get<std::int64_t>();
  }
  static const json* member(const json& p, const char* key) {
    auto it = p.find(key);
    return it == p.end() ? nullptr : &*it;
  }
  static bool is_object(const json& p) { return p.is_object(); }
  static bool is_array(const json& p) { return p.is_array(); }
  template <class F> static void for_each(const json& a, F f) {
    for (const auto& x : a) f(x);
  }
  template <class F> static void for_each_member(const json& o, F f) {
    for (const auto& [k, v] : o.items()) f(k, v);
  }
  static const json& to_json(const json& p) { return p; }
};

namespace {

using Access = detail::PayloadAccess<json>;

std::string str(const json& p, const char* key) { return Access::text(p, key); }
std::optional<Instant> instant(const json& p, const char* key) { return Access::instant(p, key); }
bool flag(const json& p, const char* key) { return Access::flag(p, key); }
std::optional<Period> period_from(const json& p, const char* key) { return detail::period_from(p, key); }
std::vector<Remedy> remedies_from(const json& p) { return detail::remedies_from(p); }
json period_json(const Period& p) { return {{"amount", p.amount}, {"unit", to_string(p.unit)}, {"article", p.article}}; }

const char* status_name(CaseClock::Status st) {
  switch (st) {
    case CaseClock::Status::running: return "running";
    case CaseClock::Status::suspended: return "suspended";
    case CaseClock::Status::stopped: return "stopped";
    default: return "none";
  }
}

CaseClock::Status status_from(const std::string& name) {
  if (name == "running") return CaseClock::Status::running;
  if (name == "suspended") return CaseClock::Status::suspended;
  if (name == "stopped") return CaseClock::Status::stopped;
  return CaseClock::Status::none;
}

json clock_json(const CaseClock& c) {
  json j{{"status", status_name(c.status)}, {"due", c.due}};
  if (c.estimated) j["estimated"] = true;
  if (!c.suspended_by.empty()) j["suspended_by"] = c.suspended_by;
  if (!c.reason.empty()) j["reason"] = c.reason;
  if (c.suspended_since != 0) j["suspended_since"] = c.suspended_since;
  if (!c.extensions.empty()) {
    j["extended"] = c.extended;
    json list = json::array();
    for (const auto& x : c.extensions)
      list.push_back({{"at", x.at}, {"amount", x.amount}, {"unit", x.unit}, {"by", x.by}, {"post", x.post},
                      {"reason", x.reason}, {"due", x.due}});
    j["extensions"] = list;
  }
  return j;
}

CaseClock clock_from_json(const json& j) {
  CaseClock c;
  c.status = status_from(j.at("status").get<std::string>());
  c.due = j.at("due").get<Instant>();
  c.estimated = j.value("estimated", false);
  c.suspended_by = j.value("suspended_by", std::vector<std::string>{});
  c.reason = j.value("reason", std::string());
  c.suspended_since = j.value("suspended_since", Instant{0});
  c.extended = j.value("extended", 0.0);
  if (j.contains("extensions"))
    for (const auto& x : j.at("extensions"))
      c.extensions.push_back({x.at("at").get<Instant>(), x.at("amount").get<double>(), x.at("unit").get<std::string>(),
                              x.at("by").get<std::string>(), x.at("post").get<std::string>(),
                              x.at("reason").get<std::string>(), x.at("due").get<Instant>()});
  return c;
}

json cards_json(const std::vector<Card>& cards) {
  json out = json::array();
  for (const auto& c : cards)
    out.push_back({{"n", c.n}, {"colour", c.colour}, {"step", c.step}, {"post", c.post},
                   {"department", c.department}, {"due", c.due}, {"at", c.at}});
  return out;
}

std::vector<Card> cards_from_json(const json& j) {
  std::vector<Card> out;
  for (const auto& c : j)
    out.push_back({c.at("n").get<std::int64_t>(), c.at("colour").get<std::string>(), c.at("step").get<std::string>(),
                   c.at("post").get<std::string>(), c.at("department").get<std::string>(), c.at("due").get<Instant>(),
                   c.at("at").get<Instant>()});
  return out;
}

json rights_json(const std::vector<RightState>& rights) {
  json out = json::array();
  for (const auto& r : rights) {
    json j{{"kind", r.kind}, {"step", r.step}, {"article", r.article}, {"notified_at", r.notified_at}, {"status", r.status}};
    if (r.due) j["due"] = *r.due;
    if (r.window) j["window"] = period_json(*r.window);
    if (r.estimated) j["estimated"] = true;
    if (r.status != "open") j["ended_at"] = r.ended_at;
    if (!r.used_by.empty()) j["used_by"] = r.used_by;
    if (!r.note.empty()) j["note"] = r.note;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<RightState> rights_from_json(const json& j) {
  std::vector<RightState> out;
  for (const auto& r : j)
    out.push_back({r.at("kind").get<std::string>(), r.at("step").get<std::string>(), r.at("article").get<std::string>(),
                   r.at("notified_at").get<Instant>(), instant(r, "due"), period_from(r, "window"), flag(r, "estimated"),
                   r.at("status").get<std::string>(), r.value("ended_at", Instant{0}), str(r, "used_by"), str(r, "note")});
  return out;
}

}  // namespace

json remedy_json(const Remedy& r) {
  json j{{"channel", r.channel}, {"kind", r.kind}, {"body", r.body}, {"contact", r.contact}, {"article", r.article},
         {"from", r.from}};
  if (r.due) j["due"] = *r.due;
  if (r.period) j["period"] = period_json(*r.period);
  if (r.estimated) j["estimated"] = true;
  return j;
}

std::vector<Remedy> remedies_in(const json& payload) { return remedies_from(payload); }

const RightState* open_right(const CaseState& s, const std::string& kind) {
  for (auto it = s.rights.rbegin(); it != s.rights.rend(); ++it)
    if (it->kind == kind && it->status == "open") return &*it;
  return nullptr;
}

std::string payload_text(const json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool raised(const CaseState& s, const std::string& step, Instant due, const std::string& colour) {
  return std::any_of(s.cards.begin(), s.cards.end(),
                     [&](const Card& c) { return c.step == step && c.due == due && c.colour == colour; });
}

bool changes_state(const std::string& kind) { return kind != "refused"; }

bool apply(CaseState& s, const CaseEvent& e, std::string* error) {
  return detail::apply_event(s, detail::EventHead{e.seq, e.at, e.actor, e.post, e.kind}, e.payload, error);
}

nlohmann::json to_json(const CaseState& s) {
  json open = json::array();
  for (const auto& t : s.open) {
    json o{{"step", t.step}, {"since", t.since}, {"signatures", t.signatures}};
    if (t.due) o["due"] = *t.due;
    if (t.estimated) o["estimated"] = true;
    open.push_back(std::move(o));
  }
  // Neither the case id (the row's key, assigned by the store) nor last_seq is part of the snapshot.
  json j{{"definition_id", s.definition_id}, {"power", s.power},
         {"definition_version", s.definition_version},
         {"party", s.party},     {"opened_at", s.opened_at},         {"closed", s.closed},
         {"outcome", s.outcome}, {"closed_at", s.closed_at},
         {"data", s.data},                                           {"open", open},
         {"arrived", s.arrived}, {"done_by", s.done_by}};
  json extras = detail::snapshot_extras(s);
  for (auto& [key, value] : extras.items()) j[key] = std::move(value);
  return j;
}

json detail::snapshot_extras(const CaseState& s) {
  // The clock and the cards only when there is something to say: a case without limits costs nothing.
  json j = json::object();
  if (s.clock.status != CaseClock::Status::none) j["clock"] = clock_json(s.clock);
  if (!s.cards.empty()) j["cards"] = cards_json(s.cards);
  if (!s.rights.empty()) j["rights"] = rights_json(s.rights);
  if (!s.remedies.empty()) {
    json list = json::array();
    for (const auto& r : s.remedies) list.push_back(remedy_json(r));
    j["remedies"] = list;
  }
  return j;
}

std::optional<CaseState> state_from_json(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    CaseState s;
    s.id = j.value("id", std::string());
    s.definition_id = j.at("definition_id").get<std::int64_t>();
    s.power = j.at("power").get<std::string>();
    s.definition_version = j.value("definition_version", 0);
    s.party = j.at("party").get<std::string>();
    s.opened_at = j.at("opened_at").get<Instant>();
    s.closed = j.at("closed").get<bool>();
    s.outcome = j.at("outcome").get<std::string>();
    s.closed_at = j.at("closed_at").get<Instant>();
    s.data = j.at("data");
    for (const auto& t : j.at("open")) {
      std::optional<Instant> due;
      if (t.contains("due")) due = t.at("due").get<Instant>();
      s.open.push_back({t.at("step").get<std::string>(), t.at("since").get<Instant>(),
                        t.at("signatures").get<std::vector<std::string>>(), due, t.value("estimated", false)});
    }
    if (j.contains("clock")) s.clock = clock_from_json(j.at("clock"));
    if (j.contains("cards")) s.cards = cards_from_json(j.at("cards"));
    if (j.contains("rights")) s.rights = rights_from_json(j.at("rights"));
    if (j.contains("remedies")) s.remedies = remedies_from(j);
    s.arrived = j.at("arrived").get<std::map<std::string, std::vector<std::string>>>();
    s.done_by = j.at("done_by").get<std::map<std::string, std::vector<std::string>>>();
    return s;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

nlohmann::json value_to_json(const expr::Value& v) {
  switch (v.type) {
    case FieldType::boolean: return v.boolean;
    case FieldType::number: return v.number;
    case FieldType::list: {
      json a = json::array();
      for (const auto& item : v.items) a.push_back(value_to_json(item));
      return a;
    }
    default: return v.to_string();  // text, enum, money ("3000.00"), date ("2025-10-01")
  }
}

std::optional<expr::Value> value_from_json(const nlohmann::json& j, const Field& f) {
  std::string ignored;
  if (f.type == FieldType::boolean && j.is_boolean()) return expr::parse_value(j.get<bool>() ? "true" : "false", f, &ignored);
  if (f.type == FieldType::number && j.is_number()) return expr::parse_value(j.dump(), f, &ignored);
  if (f.type == FieldType::list && j.is_array()) {
    Field item{f.name, f.item.value_or(FieldType::text), f.values, std::nullopt, f.label, f.pos, std::nullopt, {}};
    expr::Value list;
    list.type = FieldType::list;
    for (const auto& e : j) {
      auto v = value_from_json(e, item);
      if (!v) return std::nullopt;
      list.items.push_back(*v);
    }
    return list;
  }
  if (j.is_string()) return expr::parse_value(j.get<std::string>(), f, &ignored);
  return std::nullopt;
}

}  // namespace sunlit
