#include "engine/case_state.h"

#include <algorithm>

namespace sunlit {

namespace {

using json = nlohmann::json;

std::string str(const json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

auto find_token(CaseState& s, const std::string& step) {
  return std::find_if(s.open.begin(), s.open.end(), [&](const Token& t) { return t.step == step; });
}

bool fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return false;
}

bool apply_opened(CaseState& s, const CaseEvent& e) {
  const json& p = e.payload;
  s.power = str(p, "power");
  s.party = str(p, "party");
  s.definition_id = p.value("definition_id", std::int64_t{0});
  s.definition_version = p.value("definition_version", 0);
  s.opened_at = e.at;
  if (p.contains("data") && p["data"].is_object()) s.data = p["data"];
  return true;
}

bool apply_entered(CaseState& s, const CaseEvent& e, std::string* error) {
  std::string step = str(e.payload, "step");
  if (step.empty()) return fail(error, "entered event without a step");
  if (find_token(s, step) != s.open.end()) return fail(error, "step '" + step + "' is already open");
  s.open.push_back({step, e.at, {}});
  return true;
}

bool apply_signed(CaseState& s, const CaseEvent& e, std::string* error) {
  auto t = find_token(s, str(e.payload, "step"));
  if (t == s.open.end()) return fail(error, "signed a step that is not open");
  t->signatures.push_back(e.actor);
  if (e.payload.contains("data"))
    for (const auto& [k, v] : e.payload["data"].items()) s.data[k] = v;
  return true;
}

bool apply_acted(CaseState& s, const CaseEvent& e, std::string* error) {
  std::string step = str(e.payload, "step");
  auto t = find_token(s, step);
  if (t == s.open.end()) return fail(error, "acted on step '" + step + "', which is not open");
  // Everyone who signed a two-official step handled it, as did the official who completed it.
  auto& done = s.done_by[step];
  for (const auto& who : t->signatures) done.push_back(who);
  if (!e.actor.empty() && e.actor != "party" && e.actor != "system") done.push_back(e.actor);
  s.open.erase(t);
  if (e.payload.contains("data"))
    for (const auto& [k, v] : e.payload["data"].items()) s.data[k] = v;
  return true;
}

bool apply_arrived(CaseState& s, const CaseEvent& e) {
  s.arrived[str(e.payload, "join")].push_back(str(e.payload, "from"));
  return true;
}

bool apply_joined(CaseState& s, const CaseEvent& e) {
  s.arrived.erase(str(e.payload, "join"));
  return true;
}

bool apply_closed(CaseState& s, const CaseEvent& e) {
  s.closed = true;
  s.outcome = str(e.payload, "outcome");
  s.closed_at = e.at;
  s.open.clear();
  s.arrived.clear();
  return true;
}

}  // namespace

bool changes_state(const std::string& kind) { return kind != "refused"; }

bool apply(CaseState& s, const CaseEvent& e, std::string* error) {
  if (e.seq != 0 && e.seq != s.last_seq + 1)
    return fail(error, "event " + std::to_string(e.seq) + " follows event " + std::to_string(s.last_seq));
  if (s.closed && changes_state(e.kind)) return fail(error, "event '" + e.kind + "' after the case closed");
  CaseState& next = s;  // in place: on failure the caller discards the state
  bool ok = true;
  const std::string& k = e.kind;
  if (k == "opened") ok = apply_opened(next, e);
  else if (k == "entered") ok = apply_entered(next, e, error);
  else if (k == "signed") ok = apply_signed(next, e, error);
  else if (k == "acted") ok = apply_acted(next, e, error);
  else if (k == "arrived") ok = apply_arrived(next, e);
  else if (k == "joined") ok = apply_joined(next, e);
  else if (k == "closed" || k == "withdrawn") ok = apply_closed(next, e);
  else if (k != "chose" && k != "split" && k != "refused") ok = fail(error, "unknown event kind '" + k + "'");
  if (!ok) return false;
  next.last_seq = e.seq != 0 ? e.seq : next.last_seq + 1;
  return true;
}

nlohmann::json to_json(const CaseState& s) {
  json open = json::array();
  for (const auto& t : s.open) open.push_back({{"step", t.step}, {"since", t.since}, {"signatures", t.signatures}});
  // Neither the case id (the row's key, assigned by the store) nor last_seq is part of the snapshot.
  return {{"definition_id", s.definition_id}, {"power", s.power},
          {"definition_version", s.definition_version},
          {"party", s.party},     {"opened_at", s.opened_at},         {"closed", s.closed},
          {"outcome", s.outcome}, {"closed_at", s.closed_at},
          {"data", s.data},                                           {"open", open},
          {"arrived", s.arrived}, {"done_by", s.done_by}};
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
    for (const auto& t : j.at("open"))
      s.open.push_back({t.at("step").get<std::string>(), t.at("since").get<Instant>(),
                        t.at("signatures").get<std::vector<std::string>>()});
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
    Field item{f.name, f.item.value_or(FieldType::text), f.values, std::nullopt, f.label, f.pos};
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
