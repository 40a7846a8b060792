// Structure: one start, every step reachable and able to finish, gateways well formed.
#include <fmt/format.h>


#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

// Marks every vertex reachable from `from` along out-edges (forward) or in-edges (backward).
void mark_reachable(const FlowGraph& g, std::vector<FlowVertex> todo, bool forward, std::vector<char>& seen) {
  for (auto v : todo) seen[v] = 1;
  while (!todo.empty()) {
    FlowVertex v = todo.back();
    todo.pop_back();
    auto visit = [&](FlowVertex w) {
      if (!seen[w]) {
        seen[w] = 1;
        todo.push_back(w);
      }
    };
    if (forward) {
      for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) visit(boost::target(*e, g));
    } else {
      for (auto [e, end] = boost::in_edges(v, g); e != end; ++e) visit(boost::source(*e, g));
    }
  }
}

void check_start(Check& c) {
  if (c.p.steps.empty()) {
    c.flow_broken = true;
    c.error(c.p.pos, "no-steps", "a process needs at least one step");
  }
  if (c.p.outcomes.empty()) c.error(c.p.pos, "no-outcomes", "a process needs at least one outcome");
  const Step* first = nullptr;
  for (const auto& s : c.p.steps) {
    if (!s.start) continue;
    if (first)
      c.error(s.pos, "multiple-starts", fmt::format("more than one start: '{}' and '{}' both have `start: true`", first->id, s.id));
    else
      first = &s;
  }
}

bool is_withdrawal_outcome(const Check& c, const std::string& id) {
  return c.p.withdrawal && c.p.withdrawal->outcome.name == id;
}

// Skipped when a target dangles: what it makes unreachable would only repeat that finding.
void check_reachability(Check& c) {
  if (!c.flow.has_start || c.dangling) return;
  const FlowGraph& g = c.flow.graph;
  size_t n = boost::num_vertices(g);
  std::vector<char> from_start(n, 0), to_end(n, 0), to_sink(n, 0);
  mark_reachable(g, {c.flow.start}, true, from_start);
  std::vector<FlowVertex> outcomes, sinks;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].kind == NodeKind::outcome) outcomes.push_back(v);
    else if (boost::out_degree(v, g) == 0) sinks.push_back(v);
  }
  mark_reachable(g, outcomes, false, to_end);
  mark_reachable(g, sinks, false, to_sink);
  const std::string& start = c.id_of(c.flow.start);
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    Pos pos = c.step_of(v) ? c.step_of(v)->pos : c.outcome_of(v)->pos;
    if (!from_start[v] && g[v].kind != NodeKind::outcome)
      c.error(pos, "unreachable-step", fmt::format("step '{}' cannot be reached from the start '{}'", g[v].id, start));
    if (!from_start[v] && g[v].kind == NodeKind::outcome && !is_withdrawal_outcome(c, g[v].id))
      c.warning(pos, "unreachable-outcome", fmt::format("outcome '{}' can never be reached", g[v].id));
    if (to_end[v]) continue;
    c.dead_ends = true;
    // A step stuck behind a step with no way on (reported by its shape check) is not repeated.
    if (!to_sink[v]) c.error(pos, "dead-end", fmt::format("step '{}' cannot reach any outcome", g[v].id));
  }
}

// "`key` is not allowed on a <kind> step (only on <where>)".
void misplaced(Check& c, const Step& s, Pos pos, const char* key, const char* where) {
  c.error(pos.known() ? pos : s.pos, "misplaced-key",
          fmt::format("`{}` is not allowed on a {} step (only on {})", key, to_string(s.kind), where));
}

void check_misplaced(Check& c, const Step& s) {
  bool gateway = s.kind == StepKind::choice || s.kind == StepKind::split || s.kind == StepKind::join;
  if (s.kind != StepKind::choice && !s.branches.empty()) misplaced(c, s, s.branches[0].pos, "branches", "a choice");
  if (s.kind != StepKind::choice && !s.otherwise.empty()) misplaced(c, s, s.otherwise.pos, "otherwise", "a choice");
  if (s.kind != StepKind::split && !s.parallel.empty()) misplaced(c, s, s.parallel[0].pos, "parallel", "a parallel");
  if (s.kind != StepKind::split && !s.join.empty()) misplaced(c, s, s.join.pos, "join", "a parallel");
  if (s.kind != StepKind::join && s.kind != StepKind::task && !s.next.empty())
    misplaced(c, s, s.next.pos, "next", "a task or join");
  if (s.kind != StepKind::task && !s.post.empty()) misplaced(c, s, s.post.pos, "post", "a task");
  if (gateway && !s.actions.empty()) misplaced(c, s, s.actions[0].pos, "actions", "a task or wait");
  if (gateway && s.limit) misplaced(c, s, s.limit->pos, "limit", "a task, or `window` on a wait");
  if (gateway && s.timeout) misplaced(c, s, s.timeout->pos, "timeout", "a task or wait");
}

void check_split(Check& c, const Step& s) {
  if (s.parallel.size() < 2)
    c.error(s.pos, "parallel-too-few", fmt::format("parallel '{}' needs at least two targets", s.id));
  if (s.join.empty()) {
    c.flow_broken = true;
    c.error(s.pos, "parallel-without-join", fmt::format("parallel '{}' has no `join`", s.id));
    return;
  }
  const Step* j = find_step(c.p, s.join.name);
  if (j && j->kind != StepKind::join) {
    c.flow_broken = true;
    c.error(s.join.pos, "join-not-a-join",
            fmt::format("parallel '{}' names '{}' as its join, but '{}' is a {} step", s.id, j->id, j->id, to_string(j->kind)));
  }
}

void check_shape(Check& c, const Step& s) {
  auto need = [&](bool ok, const char* code, const char* what) {
    if (!ok) c.error(s.pos, code, fmt::format("{} '{}' has no {}", to_string(s.kind), s.id, what));
  };
  switch (s.kind) {
    case StepKind::task:
      need(!s.post.empty(), "task-without-post", "`post`");
      need(!s.actions.empty() || !s.next.empty(), "task-without-actions", "actions");
      if (s.timeout && !s.limit)
        c.error(s.timeout->pos, "timeout-without-limit", fmt::format("task '{}' has a `timeout` but no `limit`", s.id));
      break;
    case StepKind::choice:
      need(!s.branches.empty(), "choice-without-branches", "branches");
      need(!s.otherwise.empty(), "choice-without-otherwise", "`otherwise`");
      break;
    case StepKind::split: check_split(c, s); break;
    case StepKind::join:
      if (s.next.empty()) c.flow_broken = true;
      need(!s.next.empty(), "join-without-next", "`next`");
      break;
    case StepKind::wait:
      need(s.limit.has_value(), "wait-without-window", "`window`");
      need(!s.actions.empty(), "wait-without-actions", "actions");
      need(s.timeout.has_value(), "wait-without-timeout", "`timeout`");
      break;
  }
}

void check_withdrawal_kind(Check& c) {
  if (!c.p.withdrawal) return;
  const Ref& r = c.p.withdrawal->outcome;
  const Outcome* o = find_outcome(c.p, r.name);
  if (o && o->kind != OutcomeKind::withdrawn)
    c.error(r.pos, "withdrawal-not-withdrawn",
            fmt::format("withdrawal outcome '{}' is of kind {}; it must be of kind withdrawn", o->id, to_string(o->kind)));
}

}  // namespace

void check_structure(Check& c) {
  check_start(c);
  for (const auto& s : c.p.steps) {
    check_misplaced(c, s);
    check_shape(c, s);
  }
  check_reachability(c);
  check_withdrawal_kind(c);
}

}  // namespace sunlit::validate
