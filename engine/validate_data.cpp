// Case data at choices: a condition must not read a field that a timer's path leaves unset.
//
// A choice is decided in the same run that reaches it: at case open, after an official's or the
// party's action, or after a timer (a step limit or wait window elapsed, e.g. a deemed
// acceptance). An action can carry the missing value (`--set`; the runtime refuses it otherwise and
// nothing changes), but a timer carries none: if the field is unset, the choice cannot be decided,
// the timer never fires and every tick fails. So that case is an error.
//
// Choices made here:
// - "Set" means surely set: by a `default`, by an action's `sets` (required) on every path from the
//   start, or read by a condition of a choice passed on the way (an unset field would have stopped
//   it there). Values given at case open or with an action's optional `--set` do not count.
// - A join is reached only when all its branches arrived: what any branch surely set is set.
// - Only fields every evaluation of the condition reads count (not those right of an 'and'/'or',
//   which stop early), so a guarded read never gives a finding.
// - Loops: the surely-set sets are a greatest fixed point over the whole flow graph.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <iterator>
#include <set>
#include <tuple>

#include "engine/expr.h"
#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

using Names = std::set<std::string>;

// The fields each branch condition of a choice always reads, with where they are written.
struct ChoiceReads {
  std::vector<std::vector<expr::FieldRead>> branch;
};

// Surely-set fields on entry to every vertex, and the per-choice reads they were computed with.
class DataFlow {
 public:
  explicit DataFlow(Check& c) : c_(c), g_(c.flow.graph) {}
  void run();
  void report_timers();

 private:
  void read_conditions();
  Names gen(const FlowEdge& e) const;
  Names meet(FlowVertex v) const;
  Names read_up_to(FlowVertex choice, size_t branch) const;
  void walk(FlowVertex s, const Step& timed);
  void check_choice(FlowVertex v, const Names& set, const Step& timed, const std::vector<std::string>& path);

  Check& c_;
  const FlowGraph& g_;
  std::vector<char> reachable_;
  std::vector<Names> in_;
  std::vector<ChoiceReads> reads_;
  std::set<std::tuple<FlowVertex, std::string, std::string>> reported_;  // (choice, field, timed step)
};

void DataFlow::read_conditions() {
  reads_.resize(boost::num_vertices(g_));
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    const Step* s = c_.step_of(v);
    if (!s || s->kind != StepKind::choice) continue;
    for (const auto& b : s->branches) {
      std::vector<expr::FieldRead> always;
      for (auto& r : expr::fields_read(expr::compile_condition(b.condition, c_.p.fields)))
        if (r.always) always.push_back(std::move(r));
      reads_[v].branch.push_back(std::move(always));
    }
  }
}

// Fields read by the conditions of branches 0..branch (all of them for `otherwise`).
Names DataFlow::read_up_to(FlowVertex choice, size_t branch) const {
  Names out;
  const auto& b = reads_[choice].branch;
  for (size_t i = 0; i < b.size() && i <= branch; ++i)
    for (const auto& r : b[i]) out.insert(r.name);
  return out;
}

Names DataFlow::gen(const FlowEdge& e) const {
  const EdgeProps& ep = g_[e];
  const Step* s = c_.step_of(boost::source(e, g_));
  Names out;
  if (!s) return out;
  if (ep.kind == EdgeKind::action && ep.index >= 0 && static_cast<size_t>(ep.index) < s->actions.size())
    for (const auto& f : s->actions[static_cast<size_t>(ep.index)].sets) out.insert(f.name);
  if (ep.kind == EdgeKind::branch && ep.index >= 0) out = read_up_to(boost::source(e, g_), static_cast<size_t>(ep.index));
  if (ep.kind == EdgeKind::otherwise) out = read_up_to(boost::source(e, g_), SIZE_MAX);
  return out;
}

// Intersection over the reachable in-edges (union at a join: every branch has arrived).
Names DataFlow::meet(FlowVertex v) const {
  bool join = g_[v].kind == NodeKind::join, first = true;
  Names out;
  for (auto e : boost::make_iterator_range(boost::in_edges(v, g_))) {
    FlowVertex u = boost::source(e, g_);
    if (!reachable_[u]) continue;
    Names o = in_[u];
    o.merge(gen(e));
    if (first || join) {
      out.merge(o);
    } else {
      Names both;
      std::set_intersection(out.begin(), out.end(), o.begin(), o.end(), std::inserter(both, both.end()));
      out = std::move(both);
    }
    first = false;
  }
  return out;
}

void DataFlow::run() {
  read_conditions();
  size_t n = boost::num_vertices(g_);
  reachable_.assign(n, 0);
  std::deque<FlowVertex> todo{c_.flow.start};
  reachable_[c_.flow.start] = 1;
  while (!todo.empty()) {
    FlowVertex v = todo.front();
    todo.pop_front();
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_)))
      if (!reachable_[boost::target(e, g_)]) {
        reachable_[boost::target(e, g_)] = 1;
        todo.push_back(boost::target(e, g_));
      }
  }
  Names all(c_.field_names.begin(), c_.field_names.end());
  in_.assign(n, all);
  in_[c_.flow.start].clear();
  for (bool changed = true; changed;) {  // sets only shrink: this ends
    changed = false;
    for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
      if (!reachable_[v] || v == c_.flow.start) continue;
      Names m = meet(v);
      if (m != in_[v]) {
        in_[v] = std::move(m);
        changed = true;
      }
    }
  }
}

void DataFlow::check_choice(FlowVertex v, const Names& set, const Step& timed, const std::vector<std::string>& path) {
  const Step& choice = *c_.step_of(v);
  for (size_t i = 0; i < reads_[v].branch.size(); ++i)
    for (const auto& r : reads_[v].branch[i]) {
      const Field* f = find_field(c_.p, r.name);
      if (set.count(r.name) || (f && f->fallback) || !reported_.insert({v, r.name, timed.id}).second) continue;
      Pos at = choice.branches[i].condition_pos;
      if (at.known()) at.col += static_cast<int>(r.offset);
      std::string label = timed.timeout->label.empty() ? "" : fmt::format(" ({})", timed.timeout->label);
      c_.error(at.known() ? at : choice.branches[i].pos, "unset-field-at-choice",
               fmt::format("field '{}' may be unset when choice '{}' is reached by the timeout of step '{}'{} on {}: "
                           "not every path to '{}' has an action that must set it (`sets`) and it has no `default`, "
                           "so the timer could not fire; require it on those actions or give the field a `default`",
                           r.name, choice.id, timed.id, label, arrow_path(path), timed.id));
    }
}

// From a timed step's timeout through choices, splits and joins, as the runtime routes in one run.
void DataFlow::walk(FlowVertex s, const Step& timed) {
  struct Item {
    FlowVertex v;
    Names set;
    std::vector<std::string> path;
  };
  std::vector<Item> todo;
  std::set<FlowVertex> seen;
  for (auto e : boost::make_iterator_range(boost::out_edges(s, g_)))
    if (g_[e].kind == EdgeKind::timeout) todo.push_back({boost::target(e, g_), in_[s], {timed.id}});
  while (!todo.empty()) {
    Item it = std::move(todo.back());
    todo.pop_back();
    NodeKind k = g_[it.v].kind;
    if (k == NodeKind::task || k == NodeKind::wait || k == NodeKind::outcome || !seen.insert(it.v).second) continue;
    it.path.push_back(c_.id_of(it.v));
    if (k == NodeKind::choice) check_choice(it.v, it.set, timed, it.path);
    if (k == NodeKind::join) it.set.insert(in_[it.v].begin(), in_[it.v].end());
    for (auto e : boost::make_iterator_range(boost::out_edges(it.v, g_))) {
      Names next = it.set;
      next.merge(gen(e));
      todo.push_back({boost::target(e, g_), std::move(next), it.path});
    }
  }
}

void DataFlow::report_timers() {
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    const Step* s = c_.step_of(v);
    if (reachable_[v] && s && s->timeout) walk(v, *s);
  }
}

}  // namespace

void check_data(Check& c) {
  for (const auto& f : c.p.fields) {
    std::string why;
    if (f.fallback && !expr::parse_value(*f.fallback, f, &why))
      c.error(f.fallback_pos, "bad-default", fmt::format("default of field '{}': {}", f.name, why));
  }
  if (c.flow_broken || !c.flow.has_start) return;
  DataFlow d(c);
  d.run();
  d.report_timers();
}

}  // namespace sunlit::validate
