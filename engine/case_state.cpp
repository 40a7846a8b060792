#include "engine/case_state.h"

#include <algorithm>

namespace sunlit {

namespace {

using json = nlohmann::json;

std::string str(const json& p, const char* key) { return payload_text(p, key); }

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

std::optional<Instant> instant(const json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<Instant>();
}

bool flag(const json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_boolean() && it->get<bool>();
}

std::optional<Period> period_from(const json& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end() || !it->is_object()) return std::nullopt;
  Period out{it->value("amount", 0.0), Unit::workdays, str(*it, "article"), {}};
  if (!parse_enum(str(*it, "unit"), out.unit)) return std::nullopt;
  return out;
}

json period_json(const Period& p) { return {{"amount", p.amount}, {"unit", to_string(p.unit)}, {"article", p.article}}; }

// The latest open right of `kind` (end() if none).
std::vector<RightState>::iterator find_open_right(CaseState& s, const std::string& kind) {
  for (auto it = s.rights.end(); it != s.rights.begin();) {
    --it;
    if (it->kind == kind && it->status == "open") return it;
  }
  return s.rights.end();
}

// Rights notified by an `acted` event (its `rights` array): each kind notified again replaces
// the same step's earlier notice if that is still open (a step done again notifies afresh).
void notify_rights(CaseState& s, const CaseEvent& e) {
  auto it = e.payload.find("rights");
  if (it == e.payload.end() || !it->is_array()) return;
  for (const auto& r : *it) {
    if (!r.is_object()) continue;
    RightState x{str(r, "kind"), str(r, "step"), str(r, "article"), e.at, instant(r, "due"), period_from(r, "window"),
                 flag(r, "estimated"), "open", 0, "", ""};
    auto old = find_open_right(s, x.kind);
    if (old != s.rights.end() && old->step == x.step) s.rights.erase(old);
    s.rights.push_back(std::move(x));
  }
}

// A right ended: used (by an action or a `right_used` event) or lapsed. False if it is not open.
bool end_right(CaseState& s, const std::string& kind, const CaseEvent& e, const char* status, std::string* error) {
  auto r = find_open_right(s, kind);
  if (r == s.rights.end()) return fail(error, "right '" + kind + "' is not open");
  r->status = status;
  r->ended_at = e.at;
  if (std::string(status) == "used") {
    r->used_by = e.actor;
    r->note = str(e.payload, "note");
  }
  return true;
}

bool apply_right(CaseState& s, const CaseEvent& e, std::string* error) {
  std::string kind = str(e.payload, "kind");
  if (kind.empty()) return fail(error, e.kind + " event without a right kind");
  return end_right(s, kind, e, e.kind == "right_used" ? "used" : "lapsed", error);
}

// A step ended (acted, elapsed): it no longer suspends the case clock.
void leave_step(CaseState& s, const std::string& step) {
  auto& by = s.clock.suspended_by;
  by.erase(std::remove(by.begin(), by.end(), step), by.end());
}

bool apply_entered(CaseState& s, const CaseEvent& e, std::string* error) {
  std::string step = str(e.payload, "step");
  if (step.empty()) return fail(error, "entered event without a step");
  if (find_token(s, step) != s.open.end()) return fail(error, "step '" + step + "' is already open");
  s.open.push_back({step, e.at, {}, instant(e.payload, "due"), flag(e.payload, "estimated")});
  return true;
}

// clock_started, clock_resumed, clock_restarted: the clock runs toward the payload's `due`.
bool apply_clock_runs(CaseState& s, const CaseEvent& e, std::string* error) {
  auto due = instant(e.payload, "due");
  if (!due) return fail(error, e.kind + " event without a due instant");
  if (e.kind == "clock_started" && s.clock.status != CaseClock::Status::none)
    return fail(error, "the case clock started twice");
  if (e.kind != "clock_started" && !s.clock.counting()) return fail(error, e.kind + " while the case clock is not counting");
  if (e.kind == "clock_resumed") {
    s.clock.suspended_by.clear();
    s.clock.reason.clear();
    s.clock.suspended_since = 0;
  }
  if (s.clock.suspended_by.empty()) s.clock.status = CaseClock::Status::running;
  else if (e.kind == "clock_restarted") s.clock.suspended_since = e.at;  // restarted while suspended
  s.clock.due = *due;
  s.clock.estimated = flag(e.payload, "estimated");
  return true;
}

bool apply_clock_suspended(CaseState& s, const CaseEvent& e, std::string* error) {
  if (!s.clock.counting()) return fail(error, "clock_suspended while the case clock is not counting");
  if (s.clock.status == CaseClock::Status::running) {
    s.clock.status = CaseClock::Status::suspended;
    s.clock.reason = str(e.payload, "reason");
    s.clock.suspended_since = e.at;
  }
  s.clock.suspended_by.push_back(str(e.payload, "step"));
  return true;
}

bool apply_clock_stopped(CaseState& s) {
  s.clock.status = CaseClock::Status::stopped;
  s.clock.suspended_by.clear();
  s.clock.reason.clear();
  s.clock.suspended_since = 0;
  return true;
}

bool apply_extended(CaseState& s, const CaseEvent& e, std::string* error) {
  auto due = instant(e.payload, "due");
  if (!due || !s.clock.counting()) return fail(error, "extended without a counting case clock and a new due instant");
  const json& p = e.payload;
  double amount = p.value("amount", 0.0);
  s.clock.due = *due;
  s.clock.estimated = s.clock.estimated || flag(p, "estimated");
  s.clock.extended += amount;
  s.clock.extensions.push_back({e.at, amount, str(p, "unit"), e.actor, e.post, str(p, "reason"), *due});
  return true;
}

bool apply_warned(CaseState& s, const CaseEvent& e, std::string* error) {
  const json& p = e.payload;
  auto due = instant(p, "due");
  std::string colour = str(p, "colour");
  if (!due || (colour != "yellow" && colour != "red")) return fail(error, "warned event without a colour and a due instant");
  std::string step = str(p, "scope") == "case" ? std::string() : str(p, "step");
  s.cards.push_back({static_cast<std::int64_t>(s.cards.size()) + 1, colour, step, str(p, "post"),
                     str(p, "department"), *due, e.at});
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
  leave_step(s, step);
  if (e.payload.contains("data"))
    for (const auto& [k, v] : e.payload["data"].items()) s.data[k] = v;
  std::string right = str(e.payload, "right");  // a party action at the wait step that is a right's window
  if (!right.empty() && !end_right(s, right, e, "used", error)) return false;
  notify_rights(s, e);
  return true;
}

bool apply_elapsed(CaseState& s, const CaseEvent& e, std::string* error) {
  std::string step = str(e.payload, "step");
  auto t = find_token(s, step);
  if (t == s.open.end()) return fail(error, "elapsed on step '" + step + "', which is not open");
  s.open.erase(t);
  leave_step(s, step);
  std::string right = str(e.payload, "right");  // the wait step was the right's window
  return right.empty() || end_right(s, right, e, "lapsed", error);
}

bool apply_arrived(CaseState& s, const CaseEvent& e) {
  s.arrived[str(e.payload, "join")].push_back(str(e.payload, "from"));
  return true;
}

bool apply_joined(CaseState& s, const CaseEvent& e) {
  s.arrived.erase(str(e.payload, "join"));
  return true;
}

std::vector<Remedy> remedies_from(const json& p) {
  std::vector<Remedy> out;
  auto it = p.find("remedies");
  if (it == p.end() || !it->is_array()) return out;
  for (const auto& r : *it)
    if (r.is_object())
      out.push_back({str(r, "channel"), str(r, "kind"), str(r, "body"), str(r, "contact"), str(r, "article"),
                     instant(r, "from").value_or(0), instant(r, "due"), period_from(r, "period"), flag(r, "estimated")});
  return out;
}

bool apply_closed(CaseState& s, const CaseEvent& e) {
  s.remedies = remedies_from(e.payload);
  s.closed = true;
  s.outcome = str(e.payload, "outcome");
  s.closed_at = e.at;
  s.open.clear();
  s.arrived.clear();
  if (s.clock.status != CaseClock::Status::none) apply_clock_stopped(s);
  return true;
}

bool apply_clock(CaseState& s, const CaseEvent& e, std::string* error) {
  const std::string& k = e.kind;
  if (k == "clock_started" || k == "clock_resumed" || k == "clock_restarted") return apply_clock_runs(s, e, error);
  if (k == "clock_suspended") return apply_clock_suspended(s, e, error);
  if (k == "clock_stopped") return apply_clock_stopped(s);
  if (k == "extended") return apply_extended(s, e, error);
  if (k == "warned") return apply_warned(s, e, error);
  return fail(error, "unknown event kind '" + k + "'");
}

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
  else if (k == "elapsed") ok = apply_elapsed(next, e, error);
  else if (k == "right_used" || k == "right_lapsed") ok = apply_right(next, e, error);
  else if (k != "chose" && k != "split" && k != "refused") ok = apply_clock(next, e, error);
  if (!ok) return false;
  next.last_seq = e.seq != 0 ? e.seq : next.last_seq + 1;
  return true;
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
  // The clock and the cards only when there is something to say: a case without limits costs nothing.
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
