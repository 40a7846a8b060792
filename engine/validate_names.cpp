// Names: duplicate ids and references that do not resolve, with "did you mean".
#include <fmt/format.h>

#include <map>

#include "engine/suggest.h"
#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

// " (first defined on line 12)", or "" when the first position is unknown.
std::string first_defined(Pos first) {
  return first.known() ? fmt::format(" (first defined on line {})", first.line) : std::string();
}

// Reports each id seen before in `seen` (id -> first position), as "duplicate <what> 'x'".
void note_id(Check& c, std::map<std::string, Pos>& seen, const std::string& id, Pos pos,
             const char* what, const char* code, const std::string& where = "") {
  if (id.empty()) return;
  auto [it, fresh] = seen.emplace(id, pos);
  if (!fresh) c.error(pos, code, fmt::format("duplicate {} '{}'{}{}", what, id, where, first_defined(it->second)));
}

void check_duplicates(Check& c) {
  std::map<std::string, Pos> nodes, fields, channels;
  for (const auto& s : c.p.steps) note_id(c, nodes, s.id, s.pos, "id", "duplicate-id");
  for (const auto& o : c.p.outcomes) note_id(c, nodes, o.id, o.pos, "id", "duplicate-id");
  for (const auto& f : c.p.fields) note_id(c, fields, f.name, f.pos, "field", "duplicate-field");
  for (const auto& ch : c.p.channels) note_id(c, channels, ch.id, ch.pos, "channel", "duplicate-channel");
  for (const auto& s : c.p.steps) {
    std::map<std::string, Pos> actions;
    for (const auto& a : s.actions)
      note_id(c, actions, a.name, a.pos, "action", "duplicate-action", fmt::format(" in step '{}'", s.id));
  }
}

bool is_outcome(const Check& c, const std::string& id) { return find_outcome(c.p, id) != nullptr; }

// A transition target: any step or outcome.
void check_target(Check& c, const Ref& r) {
  if (r.empty() || c.flow.vertex_of.count(r.name)) return;
  c.flow_broken = c.dangling = true;
  c.error(r.pos, "unknown-step", fmt::format("unknown step '{}'{}", r.name, did_you_mean(r.name, c.node_ids)));
}

// A reference that must name a step (not an outcome).
void check_step_ref(Check& c, const Ref& r) {
  if (r.empty() || find_step(c.p, r.name)) return;
  if (is_outcome(c, r.name)) {
    c.error(r.pos, "not-a-step", fmt::format("'{}' is an outcome, not a step", r.name));
    return;
  }
  c.error(r.pos, "unknown-step", fmt::format("unknown step '{}'{}", r.name, did_you_mean(r.name, c.step_ids)));
}

void check_step_targets(Check& c, const Step& s) {
  for (const auto& a : s.actions) check_target(c, a.to);
  for (const auto& b : s.branches) check_target(c, b.to);
  check_target(c, s.otherwise);
  for (const auto& t : s.parallel) check_target(c, t);
  check_target(c, s.next);
  if (s.timeout) check_target(c, s.timeout->to);
  if (!s.join.empty() && !find_step(c.p, s.join.name)) {
    c.flow_broken = true;
    check_step_ref(c, s.join);
  }
}

void check_fields_set(Check& c, const Step& s) {
  for (const auto& a : s.actions)
    for (const auto& f : a.sets)
      if (!f.empty() && !find_field(c.p, f.name))
        c.error(f.pos, "unknown-field", fmt::format("unknown field '{}'{}", f.name, did_you_mean(f.name, c.field_names)));
}

void check_withdrawal(Check& c, const Withdrawal& w) {
  const Ref& o = w.outcome;
  if (!o.empty() && !is_outcome(c, o.name)) {
    if (find_step(c.p, o.name))
      c.error(o.pos, "not-an-outcome", fmt::format("'{}' is a step, not an outcome", o.name));
    else
      c.error(o.pos, "unknown-outcome",
              fmt::format("unknown outcome '{}'{}", o.name, did_you_mean(o.name, c.node_ids)));
  }
  for (const auto& r : w.from) check_step_ref(c, r);
}

void check_remedies(Check& c) {
  for (const auto& o : c.p.outcomes)
    for (const auto& r : o.remedies)
      if (!r.empty() && !find_channel(c.p, r.name))
        c.error(r.pos, "unknown-channel", fmt::format("unknown channel '{}'{}", r.name, did_you_mean(r.name, c.channel_ids)));
}

void check_other_refs(Check& c) {
  if (c.p.limit) {
    check_step_ref(c, c.p.limit->from);
    check_step_ref(c, c.p.limit->until);
  }
  if (c.p.withdrawal) check_withdrawal(c, *c.p.withdrawal);
  for (const auto& sp : c.p.supervision) check_step_ref(c, sp.step);
  for (const auto& r : c.p.rights) check_step_ref(c, r.step);
  for (const auto& rule : c.p.separation)
    for (const auto& r : rule.steps) check_step_ref(c, r);
  check_remedies(c);
}

}  // namespace

void check_names(Check& c) {
  check_duplicates(c);
  for (const auto& s : c.p.steps) {
    check_step_targets(c, s);
    check_fields_set(c, s);
  }
  check_other_refs(c);
}

}  // namespace sunlit::validate
