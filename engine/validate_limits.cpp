// Case limit: the counted step limits on every path from `limit.from` to `limit.until`
// (or an outcome) must fit the case limit.
//
// Choices made here:
// - Loops are taken once: back edges of a depth-first search from `limit.from` are
//   dropped and the longest path is found on the remaining acyclic graph.
// - A step with `suspends` does not count; after a `restarts_clock` step the sum
//   starts again from 0 (its own limit does not count either).
// - Only limits in the case limit's unit are summed. Limits in another unit are
//   left out, not converted: workdays and calendar days differ by a calendar we do
//   not know here, and hours are shorter than any day. So the sum can only be an
//   under-estimate and the warning never fires falsely.
// - Parallel branches run at the same time: a path goes through one branch, so
//   the longest branch counts.
#include <fmt/format.h>

#include <set>
#include <utility>

#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

constexpr double kNone = -1;

// Reverse postorder of the vertices reachable from `root` (iterative depth-first
// search); the edges that close a loop go to `back`.
std::vector<FlowVertex> topological_from(const FlowGraph& g, FlowVertex root, std::set<std::pair<FlowVertex, FlowVertex>>& back) {
  enum : char { fresh, open, done };
  std::vector<char> state(boost::num_vertices(g), fresh);
  std::vector<FlowVertex> post;
  using It = boost::graph_traits<FlowGraph>::out_edge_iterator;
  std::vector<std::pair<FlowVertex, std::pair<It, It>>> stack{{root, boost::out_edges(root, g)}};
  state[root] = open;
  while (!stack.empty()) {
    auto& [v, range] = stack.back();
    if (range.first == range.second) {
      state[v] = done;
      post.push_back(v);
      stack.pop_back();
      continue;
    }
    FlowVertex w = boost::target(*range.first++, g);
    if (state[w] == open) back.emplace(v, w);
    if (state[w] != fresh) continue;
    state[w] = open;
    stack.push_back({w, boost::out_edges(w, g)});
  }
  return {post.rbegin(), post.rend()};
}

// The longest counted sum into every vertex, with the predecessor that gives it.
struct Longest {
  std::vector<double> in;
  std::vector<long> parent;
};

double weight(const Step* s, Unit unit) {
  if (!s || !s->limit || !s->suspends.empty() || s->limit->unit != unit) return 0;
  return s->limit->amount;
}

double after(const Check& c, const Longest& l, FlowVertex v, Unit unit) {
  const Step* s = c.step_of(v);
  return s && s->restarts_clock ? 0 : l.in[v] + weight(s, unit);
}

Longest longest_sums(const Check& c, FlowVertex from, Unit unit) {
  const FlowGraph& g = c.flow.graph;
  std::set<std::pair<FlowVertex, FlowVertex>> back;
  auto order = topological_from(g, from, back);
  Longest l{std::vector<double>(boost::num_vertices(g), kNone), std::vector<long>(boost::num_vertices(g), -1)};
  l.in[from] = 0;
  for (auto v : order) {
    if (l.in[v] == kNone) continue;
    double out = after(c, l, v, unit);
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      FlowVertex w = boost::target(e, g);
      if (back.count({v, w}) || out <= l.in[w]) continue;
      l.in[w] = out;
      l.parent[w] = static_cast<long>(v);
    }
  }
  return l;
}

// The path that gives the sum at `goal`, from `from` or from just after the last clock restart.
std::vector<std::string> witness(const Check& c, const Longest& l, FlowVertex goal) {
  std::vector<std::string> path{c.id_of(goal)};
  for (long v = l.parent[goal]; v >= 0; v = l.parent[static_cast<size_t>(v)]) {
    const Step* s = c.step_of(static_cast<FlowVertex>(v));
    if (s && s->restarts_clock) break;
    path.insert(path.begin(), c.id_of(static_cast<FlowVertex>(v)));
  }
  return path;
}

}  // namespace

void check_case_limit(Check& c) {
  if (!c.p.limit || !c.flow.has_start || !(c.p.limit->period.amount > 0)) return;  // a bad limit is reported once
  const CaseLimit& limit = *c.p.limit;
  FlowVertex from = c.flow.start, until = 0;
  if (!limit.from.empty() && !c.vertex(limit.from.name, from)) return;
  bool has_until = !limit.until.empty();
  if (has_until && !c.vertex(limit.until.name, until)) return;
  Unit unit = limit.period.unit;
  Longest l = longest_sums(c, from, unit);
  double worst = kNone;
  FlowVertex goal = 0;
  for (auto v : boost::make_iterator_range(boost::vertices(c.flow.graph))) {
    bool end = has_until ? v == until : c.flow.graph[v].kind == NodeKind::outcome;
    if (!end || l.in[v] == kNone) continue;
    double sum = has_until ? l.in[v] + weight(c.step_of(v), unit) : l.in[v];
    if (sum > worst) {
      worst = sum;
      goal = v;
    }
  }
  if (worst <= limit.period.amount + 1e-9) return;
  c.warning(limit.pos, "case-limit-exceeded",
            fmt::format("the step limits on {} add up to {} {}, more than the case limit of {} {}",
                        arrow_path(witness(c, l, goal)), amount_text(worst), to_string(unit),
                        amount_text(limit.period.amount), to_string(unit)));
}

}  // namespace sunlit::validate
