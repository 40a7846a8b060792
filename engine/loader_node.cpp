// Reading the flowchart's steps: kinds, actions, branches, timeouts and the desugaring of `next`/`window`.
#include <fmt/format.h>

#include <algorithm>

#include "engine/loader_internal.h"

namespace sunlit::loader {

namespace {

// Reasons a step may suspend the case clock.
const std::vector<std::string> kSuspendReasons{"hearing",    "bidding",   "auction",       "testing",
                                               "inspection", "quarantine", "appraisal",     "expert_review",
                                               "third_party_consultation", "other"};

// An action of an official (or, on a wait step, of the party).
Action read_action(const MapReader& m, bool by_party) {
  m.require({"id", "to"});
  Action a;
  a.pos = id_pos(m);
  a.name = m.id("id");
  a.to = m.ref("to");
  a.label = m.text("label");
  a.sets = m.refs("sets");
  a.handoff = m.text("handoff");
  a.by_party = by_party;
  return a;
}

// One branch of a choice; condition_pos is the first byte of the expression itself.
Branch read_branch(const MapReader& m) {
  m.require({"when", "to"});
  Branch b;
  b.pos = m.pos();
  b.condition = m.text("when");
  if (const Entry* e = m.find("when"))
    b.condition_pos = e->value->is_scalar() ? m.reader().text_start(*e->value) : m.value_pos(*e);
  b.to = m.ref("to");
  b.label = m.text("label");
  return b;
}

Timeout read_timeout(const MapReader& m) {
  m.require({"to"});
  return {m.ref("to"), m.text("label"), m.pos()};
}

// "`key` is not allowed on a <kind> step (only on ...)", in the validator's words.
void misplaced(const MapReader& m, const char* key, StepKind kind, const char* where) {
  m.reader().error(m.key_pos(key), "misplaced-key",
                   fmt::format("`{}` is not allowed on a {} step (only on {})", key, to_string(kind), where));
}

// A task's `limit` or a wait's `window`, both kept in Step::limit.
void read_limit(const MapReader& m, Step& s) {
  bool wait = s.kind == StepKind::wait;
  if (wait && m.has("limit")) misplaced(m, "limit", s.kind, "a task, or `window` on a wait");
  if (!wait && m.has("window")) misplaced(m, "window", s.kind, "a wait");
  s.limit = period_at(m, wait ? "window" : "limit");
}

// `next`: on a task, an action named `complete`; otherwise Step::next.
void read_next(const MapReader& m, Step& s) {
  Ref next = m.ref("next");
  if (s.kind != StepKind::task || !m.has("next")) {
    s.next = next;
    return;
  }
  bool taken = std::any_of(s.actions.begin(), s.actions.end(), [](const Action& a) { return a.name == "complete"; });
  if (taken) {
    m.reader().error(m.key_pos("next"), "next-and-complete",
                     "`next` is shorthand for an action named 'complete', and this task already has one");
    return;
  }
  Action a;
  a.name = "complete";
  a.to = next;
  a.pos = m.key_pos("next");
  s.actions.push_back(a);
}

// One step of the flowchart.
Step read_step(const MapReader& m) {
  m.require({"id"});
  Step s;
  s.pos = id_pos(m);
  s.id = m.id("id");
  s.name = m.text("name");
  s.kind = m.enumeration<StepKind>("type", StepKind::task);
  s.start = m.flag("start", false);
  s.post = m.ref("post");
  s.description = m.text("description");
  read_limit(m, s);
  bool by_party = s.kind == StepKind::wait;
  each_map(m, "actions", "action", [&](const MapReader& a) { s.actions.push_back(read_action(a, by_party)); });
  each_map(m, "branches", "branch", [&](const MapReader& b) { s.branches.push_back(read_branch(b)); });
  s.otherwise = m.ref("otherwise");
  s.parallel = m.refs("parallel");
  s.join = m.ref("join");
  read_next(m, s);
  if (auto t = m.mapping("timeout")) s.timeout = read_timeout(MapReader(m.reader(), *t, "timeout"));
  s.suspends = m.choice("suspends", kSuspendReasons);
  s.restarts_clock = m.flag("restarts_clock", false);
  s.disclosure = disclosure_at(m, "disclosure");
  return s;
}

}  // namespace

std::vector<Step> read_steps(const MapReader& process) {
  std::vector<Step> steps;
  each_map(process, "steps", "step", [&](const MapReader& m) { steps.push_back(read_step(m)); });
  return steps;
}

}  // namespace sunlit::loader
