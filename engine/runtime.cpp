#include "engine/runtime.h"

#include <algorithm>
#include <fmt/format.h>

#include "engine/json_object.h"
#include "engine/runtime_clock.h"
#include "engine/runtime_rights.h"
#include "engine/runtime_route.h"
#include "engine/suggest.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

CaseError err(CaseError::Kind k, std::string message) { return CaseError{k, std::move(message)}; }

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> open_steps(const CaseState& s) {
  std::vector<std::string> out;
  for (const auto& t : s.open) out.push_back(t.step);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool holds_post(const Official& o, const std::string& post) {
  return std::any_of(o.posts.begin(), o.posts.end(), [&](const Ref& r) { return r.name == post; });
}

// The open token the command is about, or why there is none.
std::variant<const Token*, CaseError> pick_token(const CompiledProcess& cp, const CaseState& s, const Command& c) {
  if (!c.step.empty()) {
    if (!cp.vertex(c.step) || !find_step(cp.process(), c.step)) {
      std::vector<std::string> ids;
      for (const auto& st : cp.process().steps) ids.push_back(st.id);
      return err(CaseError::unknown_step, fmt::format("unknown step '{}'{}", c.step, did_you_mean(c.step, ids)));
    }
    for (const auto& t : s.open)
      if (t.step == c.step) return &t;
    return err(CaseError::unknown_step,
               fmt::format("step '{}' is not open; open steps: {}", c.step, join_names(open_steps(s))));
  }
  std::vector<const Token*> offering;
  for (const auto& t : s.open) {
    auto v = cp.vertex(t.step);
    if (v && cp.action_edge(*v, c.action)) offering.push_back(&t);
  }
  if (offering.size() == 1) return offering.front();
  if (offering.empty()) {
    std::vector<std::string> all;  // only for the message
    for (const auto& t : s.open) {
      auto acts = possible_actions(cp, s, t.step);
      all.insert(all.end(), acts.begin(), acts.end());
    }
    return err(CaseError::unknown_action, fmt::format("no open step offers action '{}'{}; possible actions: {}", c.action,
                                                      did_you_mean(c.action, all), join_names(all)));
  }
  std::vector<std::string> where;
  for (const Token* t : offering) where.push_back(t->step);
  return err(CaseError::ambiguous, fmt::format("action '{}' is offered by several open steps ({}); say which with --step",
                                               c.action, join_names(where)));
}

// The post that must act at a step: a task's post, or a wait's post if it names one.
std::string owning_post(const CompiledProcess& cp, const std::string& step) {
  const Step* st = find_step(cp.process(), step);
  return st ? st->post.name : std::string();
}

std::optional<CaseError> check_separation(const CompiledProcess& cp, const CaseState& s, const Token& t,
                                          const std::string& official) {
  for (const auto& rule : cp.process().separation) {
    bool here = std::any_of(rule.steps.begin(), rule.steps.end(), [&](const Ref& r) { return r.name == t.step; });
    if (!here) continue;
    if (rule.kind == SeparationKind::two_officials && contains(t.signatures, official))
      return err(CaseError::separation,
                 fmt::format("step '{}' needs two different officials; '{}' has already signed it ({})", t.step,
                             official, rule.article));
    if (rule.kind != SeparationKind::different_officials) continue;
    for (const auto& other : rule.steps) {
      auto done = s.done_by.find(other.name);
      if (other.name != t.step && done != s.done_by.end() && contains(done->second, official))
        return err(CaseError::separation,
                   fmt::format("separation of duty: '{}' handled step '{}' of this case and may not act on step '{}' ({})",
                               official, other.name, t.step, rule.article));
    }
  }
  return std::nullopt;
}

bool needs_two(const CompiledProcess& cp, const std::string& step) {
  for (const auto& rule : cp.process().separation)
    if (rule.kind == SeparationKind::two_officials &&
        std::any_of(rule.steps.begin(), rule.steps.end(), [&](const Ref& r) { return r.name == step; }))
      return true;
  return false;
}

std::optional<CaseError> check_required(const Action& a, const json& case_data, const json& given) {
  std::vector<std::string> missing;
  for (const auto& f : a.sets)
    if (!given.contains(f.name) && !case_data.contains(f.name)) missing.push_back(f.name);
  if (missing.empty()) return std::nullopt;
  return err(CaseError::bad_value, fmt::format("action '{}' needs a value for: {} (use --set field=value)", a.name,
                                               join_names(missing)));
}

Decision withdraw(const CompiledProcess& cp, const CaseState& s, const Command& c, const Official& o, Instant now) {
  const auto& w = cp.process().withdrawal;
  bool allowed = w && std::any_of(s.open.begin(), s.open.end(), [&](const Token& t) {
                   auto v = cp.vertex(t.step);
                   return v && cp.withdrawable(*v);
                 });
  if (!allowed)
    return err(CaseError::unknown_action, "this case cannot be withdrawn at its current steps");
  CaseEvent e{0, now, o.id, "", "withdrawn", {{"outcome", w->outcome.name}, {"cancelled", open_steps(s)}}};
  if (!c.note.empty()) e.payload["note"] = c.note;
  return std::vector<CaseEvent>{e};
}

}  // namespace

std::vector<std::string> possible_actions(const CompiledProcess& cp, const CaseState& s, const std::string& step) {
  std::vector<std::string> out;
  const Step* st = find_step(cp.process(), step);
  if (!st || s.closed) return out;
  for (const auto& a : st->actions) out.push_back(a.name);
  auto v = cp.vertex(step);
  if (cp.process().withdrawal && v && cp.withdrawable(*v)) out.push_back(kWithdrawAction);
  return out;
}

std::variant<json, CaseError> parse_sets(const CompiledProcess& cp,
                                         const std::vector<std::pair<std::string, std::string>>& sets) {
  json data = json::object();
  std::vector<std::string> names;
  for (const auto& f : cp.process().fields) names.push_back(f.name);
  for (const auto& [name, text] : sets) {
    const Field* f = find_field(cp.process(), name);
    if (!f) return err(CaseError::bad_value, fmt::format("unknown field '{}'{}", name, did_you_mean(name, names)));
    std::string why;
    auto v = expr::parse_value(text, *f, &why);
    if (!v) return err(CaseError::bad_value, fmt::format("field '{}': {}", name, why));
    data[name] = value_to_json(*v);
  }
  return data;
}

Decision open_case(const CompiledProcess& cp, std::int64_t definition_id, int definition_version,
                   const std::string& party, const std::vector<std::pair<std::string, std::string>>& sets,
                   const std::string& actor, Instant now, const TimeRules& rules) {
  auto data = parse_sets(cp, sets);
  if (auto* e = std::get_if<CaseError>(&data)) return *e;
  json d = std::get<json>(data);
  CaseEvent opened{0, now, actor, "", "opened",
               {{"power", cp.process().power.code}, {"definition_id", definition_id},
                {"definition_version", definition_version}, {"party", party}, {"data", d}}};
  CaseState empty;
  Router r(cp, empty, now, actor, "", rules);
  r.set_data(d);
  r.events.push_back(std::move(opened));
  r.open_clock();
  r.enter(cp.start(), "");
  if (r.error) return *r.error;
  return std::move(r.events);
}

// Whether an open step offers an action of this name (then a built-in of the same name yields to it).
static bool offered(const CompiledProcess& cp, const CaseState& s, const std::string& action) {
  return std::any_of(s.open.begin(), s.open.end(), [&](const Token& t) {
    auto v = cp.vertex(t.step);
    return v && cp.action_edge(*v, action);
  });
}

Decision advance(const CompiledProcess& cp, const CaseState& s, const Command& c, Instant now, const TimeRules& rules) {
  if (s.closed)
    return err(CaseError::closed, fmt::format("case {} is closed (outcome: {}); no action is possible", s.id, s.outcome));
  const Official* o = find_official(cp.organisation(), c.official);
  if (!o) {
    std::vector<std::string> ids;
    for (const auto& x : cp.organisation().officials) ids.push_back(x.id);
    return err(CaseError::unknown_official, fmt::format("unknown official '{}'{}", c.official, did_you_mean(c.official, ids)));
  }
  if (c.action == kWithdrawAction && cp.process().withdrawal) return withdraw(cp, s, c, *o, now);
  if (c.action == kExtendAction && !offered(cp, s, c.action)) return extend_case(cp, s, c, *o, now, rules);
  auto picked = pick_token(cp, s, c);
  if (auto* e = std::get_if<CaseError>(&picked)) return *e;
  const Token& t = *std::get<const Token*>(picked);
  auto v = *cp.vertex(t.step);
  auto edge = cp.action_edge(v, c.action);
  if (!edge) {
    auto acts = possible_actions(cp, s, t.step);
    return err(CaseError::unknown_action, fmt::format("step '{}' has no action '{}'{}; its actions: {}", t.step, c.action,
                                                      did_you_mean(c.action, acts), join_names(acts)));
  }
  std::string post = owning_post(cp, t.step);
  if (!post.empty() && !holds_post(*o, post))
    return err(CaseError::wrong_post, fmt::format("official '{}' does not hold post '{}', which owns step '{}'", o->id,
                                                  post, t.step));
  if (auto e = check_separation(cp, s, t, o->id)) return *e;
  auto given = parse_sets(cp, c.sets);
  if (auto* e = std::get_if<CaseError>(&given)) return *e;
  const json& data = std::get<json>(given);
  const Step* st = find_step(cp.process(), t.step);
  const Action& action = st->actions.at(static_cast<size_t>(cp.edge(*edge).index));
  if (auto e = check_required(action, s.data, data)) return *e;

  json payload = object_of("step", t.step, "action", c.action, "data", data);
  if (!c.note.empty()) payload["note"] = c.note;
  if (needs_two(cp, t.step) && t.signatures.empty())
    return std::vector<CaseEvent>{CaseEvent{0, now, o->id, post, "signed", payload}};
  payload["to"] = cp.node(cp.target(*edge)).id;
  std::string right = right_of_window(cp, s, t.step);  // this wait step is a notified right's window
  if (!right.empty()) payload["right"] = right;
  json rights = notified_rights(cp, t.step, now, rules);
  if (!rights.empty()) payload["rights"] = std::move(rights);
  Router r(cp, s, now, o->id, post, rules);
  if (st->kind == StepKind::wait) r.set_delivered(t.since);  // a party's answer: the decision was delivered before
  r.set_data(s.data);
  r.merge_data(data);
  r.events.push_back(CaseEvent{0, now, o->id, post, "acted", std::move(payload)});
  r.leave(t.step, true);
  r.enter(cp.target(*edge), t.step);
  if (r.error) return *r.error;
  return std::move(r.events);
}

}  // namespace sunlit
