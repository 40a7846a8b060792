// Soundness in the sense of workflow nets (van der Aalst): the token game.
//
// Places: one per step that is not a join, and one per (join, distinct
// predecessor) — so a task whose action and timeout both lead to the join
// feeds one place. A marking holds 0 or 1 token per place (a second token is
// the "unsafe" finding and that move is not explored further). Moves: a token
// on a task, choice or wait moves along any one of its out-edges
// (nondeterministic); a parallel split puts one token on every target; a join
// fires when each of its places holds a token. A token that reaches an outcome
// ends the case; any token still left is improper completion (or, when it
// waits in a join, a join that waits forever). A marking without moves whose
// tokens wait in joins is a deadlock. Withdrawal is ignored (it cancels every
// token). The exploration stops at kMaxMarkings with a warning.
#include <fmt/format.h>

#include <map>
#include <optional>
#include <tuple>
#include <set>
#include <span>
#include <unordered_map>

#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

constexpr size_t kMaxMarkings = 200000;

// One bit per place, packed into a string: up to 120 places stay in the small-string buffer.
using Marking = std::string;

bool has(const Marking& m, size_t place) { return (static_cast<unsigned char>(m[place >> 3]) >> (place & 7)) & 1u; }

void put(Marking& m, size_t place, bool token) {
  auto bit = static_cast<unsigned char>(1u << (place & 7));
  auto& byte = reinterpret_cast<unsigned char&>(m[place >> 3]);
  byte = static_cast<unsigned char>(token ? byte | bit : byte & ~bit);
}

// A token moving from a vertex to a target along an edge written at `pos`.
struct Arc {
  FlowVertex from, to;
  Pos pos;
};

// Why a join can wait forever, as first seen.
struct Stall {
  std::string outcome, from;        // a token reached `outcome` from `from` while the join waited
  std::vector<std::string> have, missing;  // or: a dead marking with these predecessors marked / not
};

// The reachable markings of one process's flow graph, and what went wrong in them.
class TokenGame {
 public:
  explicit TokenGame(Check& c) : c_(c), g_(c.flow.graph) { make_places(); }

  void explore();
  void report();

 private:
  void make_places();
  int add_marking(Marking m);
  void moves_of(int state);
  bool fire(int state, std::span<const int> take, std::span<const Arc> arcs);
  void completed(int state, const Marking& rest, const Arc& arc);
  void dead(const Marking& m);
  int place(FlowVertex from, FlowVertex to) const;
  std::vector<std::string> active(const Marking& m) const;
  std::string escape_branch(const Step& split, FlowVertex join, std::string& outcome) const;
  void report_escapes();
  void report_unsafe();
  bool stuck_somewhere(std::vector<std::string>& tokens) const;
  void report_stall(FlowVertex join, const Stall& s);

  Check& c_;
  const FlowGraph& g_;
  std::vector<int> step_place_;                                  // vertex -> place, -1 for joins/outcomes
  std::vector<std::vector<std::pair<FlowVertex, int>>> join_in_;  // join vertex -> (predecessor, place)
  std::vector<FlowVertex> place_vertex_;

  std::vector<Arc> all_;  // scratch: a split's arcs
  std::vector<int> take_;  // scratch: a join's places
  std::vector<Marking> markings_;
  std::unordered_map<Marking, int> index_;
  std::vector<std::pair<int, int>> moves_;  // state graph: (from, to)
  std::vector<char> finishes_;           // a move from this marking reaches an outcome
  bool truncated_ = false;

  std::optional<std::pair<int, FlowVertex>> unsafe_;  // first place (in breadth-first order) given a second token, and from where
  std::map<FlowVertex, Stall> stalls_;
  std::map<std::string, std::tuple<std::string, Pos, std::vector<std::string>>> improper_;  // outcome -> from, where, left
  std::set<FlowVertex> reported_;  // joins already reported as waiting forever
  std::set<std::string> escapes_;  // outcomes a branch reaches without passing its join
};

void TokenGame::make_places() {
  size_t n = boost::num_vertices(g_);
  step_place_.assign(n, -1);
  join_in_.resize(n);
  auto add = [&](FlowVertex v) {
    place_vertex_.push_back(v);
    return static_cast<int>(place_vertex_.size() - 1);
  };
  for (auto v : boost::make_iterator_range(boost::vertices(g_))) {
    if (g_[v].kind == NodeKind::outcome) continue;
    if (g_[v].kind != NodeKind::join) {
      step_place_[v] = add(v);
      continue;
    }
    std::set<FlowVertex> preds;
    for (auto e : boost::make_iterator_range(boost::in_edges(v, g_))) preds.insert(boost::source(e, g_));
    for (auto p : preds) join_in_[v].emplace_back(p, add(v));
  }
}

int TokenGame::place(FlowVertex from, FlowVertex to) const {
  if (g_[to].kind != NodeKind::join) return step_place_[to];
  for (const auto& [pred, pl] : join_in_[to])
    if (pred == from) return pl;
  return -1;
}

int TokenGame::add_marking(Marking m) {
  auto [it, fresh] = index_.emplace(m, static_cast<int>(markings_.size()));
  if (fresh) {
    markings_.push_back(std::move(m));
    finishes_.push_back(0);
  }
  return it->second;
}

void TokenGame::explore() {
  Marking m((place_vertex_.size() + 7) / 8, 0);
  put(m, static_cast<size_t>(step_place_[c_.flow.start]), true);
  add_marking(std::move(m));
  for (size_t i = 0; i < markings_.size(); ++i) {
    if (markings_.size() > kMaxMarkings) {
      truncated_ = true;
      return;
    }
    moves_of(static_cast<int>(i));
  }
}

void TokenGame::moves_of(int state) {
  const Marking m = markings_[static_cast<size_t>(state)];
  bool moved = false;
  for (size_t p = 0; p < place_vertex_.size(); ++p) {
    FlowVertex v = place_vertex_[p];
    if (!has(m, p) || g_[v].kind == NodeKind::join) continue;
    int from = static_cast<int>(p);
    all_.clear();
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g_))) {
      Arc arc{v, boost::target(e, g_), g_[e].pos};
      if (g_[v].kind == NodeKind::split && g_[e].kind != EdgeKind::parallel) continue;
      if (g_[v].kind == NodeKind::split) all_.push_back(arc);
      else moved |= fire(state, {&from, 1}, {&arc, 1});
    }
    if (!all_.empty()) moved |= fire(state, {&from, 1}, all_);
  }
  for (auto j : boost::make_iterator_range(boost::vertices(g_))) {
    if (join_in_[j].empty()) continue;
    take_.clear();
    for (const auto& [pred, pl] : join_in_[j])
      if (has(m, static_cast<size_t>(pl))) take_.push_back(pl);
    if (take_.size() != join_in_[j].size()) continue;
    for (auto e : boost::make_iterator_range(boost::out_edges(j, g_))) {
      Arc arc{j, boost::target(e, g_), g_[e].pos};
      moved |= fire(state, take_, {&arc, 1});
    }
  }
  if (!moved) dead(m);
}

// Applies one move; returns whether it was enabled (even if it led somewhere unsafe).
bool TokenGame::fire(int state, std::span<const int> take, std::span<const Arc> arcs) {
  Marking next = markings_[static_cast<size_t>(state)];
  for (int p : take) put(next, static_cast<size_t>(p), false);
  const Arc* end = nullptr;
  for (const auto& arc : arcs) {
    if (g_[arc.to].kind == NodeKind::outcome) {
      end = &arc;
      continue;
    }
    int p = place(arc.from, arc.to);
    if (p < 0) continue;
    if (has(next, static_cast<size_t>(p))) {
      if (!unsafe_) unsafe_ = std::make_pair(p, arc.from);
      return true;
    }
    put(next, static_cast<size_t>(p), true);
  }
  if (end) {
    completed(state, next, *end);
    return true;
  }
  int to = add_marking(std::move(next));
  moves_.emplace_back(state, to);
  return true;
}

// A token reached an outcome; `rest` is what is still marked.
void TokenGame::completed(int state, const Marking& rest, const Arc& arc) {
  finishes_[static_cast<size_t>(state)] = 1;
  std::vector<std::string> left;
  for (size_t p = 0; p < place_vertex_.size(); ++p) {
    if (!has(rest, p)) continue;
    FlowVertex v = place_vertex_[p];
    if (g_[v].kind == NodeKind::join)
      stalls_.emplace(v, Stall{c_.id_of(arc.to), c_.id_of(arc.from), {}, {}});
    else
      left.push_back(c_.id_of(v));
  }
  if (!left.empty()) improper_.emplace(c_.id_of(arc.to), std::make_tuple(c_.id_of(arc.from), arc.pos, left));
}

// No move is possible: every join holding some but not all of its tokens waits forever.
void TokenGame::dead(const Marking& m) {
  for (auto j : boost::make_iterator_range(boost::vertices(g_))) {
    Stall s;
    for (const auto& [pred, pl] : join_in_[j]) (has(m, static_cast<size_t>(pl)) ? s.have : s.missing).push_back(c_.id_of(pred));
    if (!s.have.empty() && !s.missing.empty()) stalls_.emplace(j, s);
  }
}

// "branch 'b' of parallel 's' can reach outcome 'o' without passing it", or "".
std::string TokenGame::escape_branch(const Step& split, FlowVertex join, std::string& outcome) const {
  FlowVertex from;
  if (!c_.vertex(split.id, from)) return {};
  for (const auto& t : split.parallel) {
    FlowVertex first;
    if (!c_.vertex(t.name, first)) continue;
    std::vector<char> seen(boost::num_vertices(g_), 0);
    std::vector<FlowVertex> todo{first};
    seen[join] = seen[from] = seen[first] = 1;
    while (!todo.empty()) {
      FlowVertex v = todo.back();
      todo.pop_back();
      if (g_[v].kind == NodeKind::outcome && !(outcome = c_.id_of(v)).empty())
        return fmt::format("branch '{}' of parallel '{}' can reach outcome '{}' without passing it", t.name, split.id,
                           c_.id_of(v));
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g_))) {
        FlowVertex w = boost::target(e, g_);
        if (!seen[w]) todo.push_back(w), seen[w] = 1;
      }
    }
  }
  return {};
}

// A branch that can end the case or leave past the join: the join never gets all its tokens.
void TokenGame::report_escapes() {
  for (const auto& s : c_.p.steps) {
    FlowVertex j;
    if (s.kind != StepKind::split || !c_.vertex(s.join.name, j) || reported_.count(j)) continue;
    std::string outcome;
    std::string why = escape_branch(s, j, outcome);
    if (why.empty()) continue;
    reported_.insert(j);
    escapes_.insert(outcome);
    c_.error(c_.step_of(j)->pos, "join-deadlock", fmt::format("join '{}' can wait forever: {}", c_.id_of(j), why));
  }
}

void TokenGame::report_stall(FlowVertex join, const Stall& s) {
  std::string why = s.outcome.empty()
                        ? fmt::format("it has {} from {} but none can come from {}",
                                      s.have.size() == 1 ? "a token" : "tokens", quoted_list(s.have), quoted_list(s.missing))
                        : fmt::format("outcome '{}' can be reached from '{}' while it waits", s.outcome, s.from);
  c_.error(c_.step_of(join)->pos, "join-deadlock", fmt::format("join '{}' can wait forever: {}", c_.id_of(join), why));
}

void TokenGame::report_unsafe() {
  auto [p, from] = *unsafe_;
  FlowVertex v = place_vertex_[static_cast<size_t>(p)];
  const std::string& id = c_.id_of(v);
  if (g_[v].kind == NodeKind::join)
    c_.error(c_.step_of(v)->pos, "unsafe-join",
             fmt::format("join '{}' can get a second token from '{}' before it fires", id, c_.id_of(from)));
  else
    c_.error(c_.step_of(v)->pos, "unsafe-step",
             fmt::format("step '{}' can be active twice at once: a second token comes from '{}'", id, c_.id_of(from)));
}

// Some explored marking from which no outcome can be reached; its active places in `tokens`.
bool TokenGame::stuck_somewhere(std::vector<std::string>& tokens) const {
  std::vector<std::vector<int>> preds(markings_.size());
  for (auto [from, to] : moves_) preds[static_cast<size_t>(to)].push_back(from);
  std::vector<char> good(markings_.size(), 0);
  std::vector<int> todo;
  for (size_t i = 0; i < markings_.size(); ++i)
    if (finishes_[i]) good[i] = 1, todo.push_back(static_cast<int>(i));
  while (!todo.empty()) {
    int s = todo.back();
    todo.pop_back();
    for (int p : preds[static_cast<size_t>(s)])
      if (!good[static_cast<size_t>(p)]) good[static_cast<size_t>(p)] = 1, todo.push_back(p);
  }
  for (size_t i = 0; i < markings_.size(); ++i) {
    if (good[i]) continue;
    tokens = active(markings_[i]);
    return true;
  }
  return false;
}

std::vector<std::string> TokenGame::active(const Marking& m) const {
  std::vector<std::string> out;
  for (size_t p = 0; p < place_vertex_.size(); ++p) {
    if (!has(m, p)) continue;
    const std::string& id = c_.id_of(place_vertex_[p]);
    if (out.empty() || out.back() != id) out.push_back(id);
  }
  return out;
}

// Reports root causes and leaves out what they explain: escapes from a split's
// region (with the early end they cause), else the first unsafe marking, else
// joins stalled in the token game, else improper completion, else markings that
// cannot finish.
void TokenGame::report() {
  report_escapes();
  bool escaped = !reported_.empty();
  if (unsafe_ && !escaped) report_unsafe();
  bool stalled = false;
  if (!unsafe_)
    for (const auto& [j, s] : stalls_)
      if (reported_.insert(j).second) report_stall(j, s), stalled = true;
  for (const auto& [outcome, found] : improper_) {
    const auto& [from, pos, left] = found;
    // After an escape, only the early end it causes; after a stall or an unsafe marking, nothing.
    if (unsafe_ || stalled || (escaped && !escapes_.count(outcome))) continue;
    c_.error(pos, "improper-completion", fmt::format("outcome '{}' can be reached from '{}' while {} {} still active",
                                                     outcome, from, quoted_list(left), left.size() == 1 ? "is" : "are"));
  }
  Pos start = c_.step_of(c_.flow.start)->pos;
  std::vector<std::string> tokens;
  if (truncated_)
    c_.warning(start, "soundness-incomplete",
               fmt::format("soundness not fully checked: more than {} states", kMaxMarkings));
  else if (!unsafe_ && reported_.empty() && improper_.empty() && !c_.dead_ends && stuck_somewhere(tokens))
    c_.error(start, "soundness-stuck",
             fmt::format("the case can get stuck: no outcome can be reached once {} {} active", quoted_list(tokens),
                         tokens.size() == 1 ? "is" : "are"));
}

bool has_gateways(const Process& p) {
  for (const auto& s : p.steps)
    if (s.kind == StepKind::split || s.kind == StepKind::join) return true;
  return false;
}

}  // namespace

void check_soundness(Check& c) {
  // Without a split or join only one token ever moves: the structure pass says all there is to say.
  if (c.flow_broken || !c.flow.has_start || !has_gateways(c.p)) return;
  TokenGame game(c);
  game.explore();
  game.report();
}

}  // namespace sunlit::validate
