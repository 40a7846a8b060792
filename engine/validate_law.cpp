// Law: remedies, the right to statement and defence before a penalty, supervision,
// confidentiality and the shape of every statutory period.
#include <fmt/format.h>

#include "engine/validate_context.h"

namespace sunlit::validate {

namespace {

void check_remedies(Check& c) {
  for (const auto& o : c.p.outcomes) {
    if (!o.remedies.empty()) continue;
    const char* article = nullptr;
    if (o.kind == OutcomeKind::refused || o.kind == OutcomeKind::not_accepted) article = "License Law art. 38";
    if (o.kind == OutcomeKind::penalty) article = "Penalty Law art. 44";
    if (article)
      c.error(o.pos, "missing-remedy", fmt::format("outcome '{}' of kind {} must name at least one remedy ({})",
                                                   o.id, to_string(o.kind), article));
  }
}

// Bits of the right to be heard that a step grants: 1 statement, 2 defence.
std::vector<unsigned> defence_bits(const Check& c) {
  std::vector<unsigned> gen(boost::num_vertices(c.flow.graph), 0);
  for (const auto& r : c.p.rights) {
    FlowVertex v;
    if (!c.vertex(r.step.name, v)) continue;
    if (r.kind == RightKind::statement) gen[v] |= 1u;
    if (r.kind == RightKind::defence) gen[v] |= 2u;
    if (r.kind == RightKind::statement_and_defence) gen[v] |= 3u;
  }
  return gen;
}

// Must-analysis: the bits granted on every way to each vertex (a join has all its branches behind it).
std::vector<unsigned> bits_on_every_way(const Check& c, const std::vector<unsigned>& gen) {
  const FlowGraph& g = c.flow.graph;
  std::vector<unsigned> in(boost::num_vertices(g), 3u);
  in[c.flow.start] = 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (auto v : boost::make_iterator_range(boost::vertices(g))) {
      if (v == c.flow.start || boost::in_degree(v, g) == 0) continue;
      bool join = g[v].kind == NodeKind::join;
      unsigned acc = join ? 0u : 3u;
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
        unsigned out = in[boost::source(e, g)] | gen[boost::source(e, g)];
        acc = join ? (acc | out) : (acc & out);
      }
      if (acc != in[v]) {
        in[v] = acc;
        changed = true;
      }
    }
  }
  return in;
}

// A shortest path from the start to `goal` on which the granted bits stay incomplete.
std::vector<std::string> path_without_defence(const Check& c, const std::vector<unsigned>& gen, FlowVertex goal) {
  const FlowGraph& g = c.flow.graph;
  size_t n = boost::num_vertices(g);
  auto key = [](FlowVertex v, unsigned m) { return v * 4 + m; };
  std::vector<long> parent(n * 4, -2);
  std::vector<size_t> todo{key(c.flow.start, gen[c.flow.start])};
  parent[todo[0]] = -1;
  for (size_t i = 0; i < todo.size(); ++i) {
    FlowVertex v = todo[i] / 4;
    unsigned m = static_cast<unsigned>(todo[i] % 4);
    if (v == goal) {
      std::vector<std::string> path;
      for (long k = static_cast<long>(todo[i]); k >= 0; k = parent[static_cast<size_t>(k)])
        path.insert(path.begin(), g[static_cast<size_t>(k) / 4].id);
      return path;
    }
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      FlowVertex w = boost::target(e, g);
      size_t k = key(w, m | gen[w]);
      if ((m | gen[w]) == 3u || parent[k] != -2) continue;
      parent[k] = static_cast<long>(todo[i]);
      todo.push_back(k);
    }
  }
  return {};
}

void check_penalty_defence(Check& c) {
  if (c.p.power.category != Category::penalty || !c.flow.has_start) return;
  auto gen = defence_bits(c);
  auto in = bits_on_every_way(c, gen);
  for (auto v : boost::make_iterator_range(boost::vertices(c.flow.graph))) {
    const Outcome* o = c.outcome_of(v);
    if (!o || o->kind != OutcomeKind::penalty || in[v] == 3u || boost::in_degree(v, c.flow.graph) == 0) continue;
    auto path = path_without_defence(c, gen, v);
    c.error(o->pos, "penalty-without-defence",
            fmt::format("penalty outcome '{}' can be reached without the right to statement and defence "
                        "(Penalty Law art. 44-45): {}", o->id, arrow_path(path)));
  }
}

void check_catalog(Check& c) {
  const Catalog& k = c.p.power;
  if (k.risk == 1 && c.p.supervision.empty())
    c.error(k.risk_pos.known() ? k.risk_pos : k.pos, "risk-without-supervision",
            "integrity risk level 1 (high) needs at least one supervision point");
  if (!k.confidential) return;
  Pos at = k.confidential_pos.known() ? k.confidential_pos : k.pos;
  if (k.confidential_basis.empty())
    c.error(at, "confidential-without-basis", "a confidential power must state `confidential_basis`");
  if (k.confidential_reason.empty())
    c.error(at, "confidential-without-reason", "a confidential power must state `confidential_reason`");
}

// The longest period a law could set, about 100 years, per unit: a larger amount is a typing slip
// (1e12 workdays would run past the calendar's year 9999).
double max_amount(Unit u) {
  switch (u) {
    case Unit::workdays: return 25000;
    case Unit::days: return 36500;
    case Unit::hours: return 876000;
    case Unit::months: return 1200;
  }
  return 0;
}

// Every period is positive and below max_amount; a statutory one (all but disclosure periods)
// should cite its article.
void check_period(Check& c, const Period& period, Pos fallback, bool statutory) {
  Pos at = period.pos.known() ? period.pos : fallback;
  if (!(period.amount > 0))
    c.error(at, "period-not-positive", fmt::format("time limit must be greater than 0 (is {})", amount_text(period.amount)));
  else if (period.amount > max_amount(period.unit))
    c.error(at, "period-too-long", fmt::format("time limit of {} {} is more than 100 years (at most {} {})",
                                               amount_text(period.amount), to_string(period.unit),
                                               amount_text(max_amount(period.unit)), to_string(period.unit)));
  if (statutory && period.article.empty()) c.warning(at, "period-without-article", "time limit has no article");
}

void check_disclosure(Check& c, const Disclosure* d, Pos fallback) {
  if (d && d->within) check_period(c, *d->within, fallback, false);
}

void check_periods(Check& c) {
  for (const auto& s : c.p.steps) {
    if (s.limit) check_period(c, *s.limit, s.pos, true);
    check_disclosure(c, s.disclosure ? &*s.disclosure : nullptr, s.pos);
  }
  for (const auto& o : c.p.outcomes) check_disclosure(c, o.disclosure ? &*o.disclosure : nullptr, o.pos);
  check_disclosure(c, &c.p.power.disclosure, c.p.power.pos);
  for (const auto& r : c.p.rights)
    if (r.window) check_period(c, *r.window, r.pos, true);
  for (const auto& ch : c.p.channels)
    if (ch.deadline) check_period(c, *ch.deadline, ch.pos, true);
  if (!c.p.limit) return;
  check_period(c, c.p.limit->period, c.p.limit->pos, true);
  if (const auto& x = c.p.limit->extension) {
    check_period(c, x->period, x->pos, true);
    if (x->approved_by.empty())
      c.error(x->pos, "extension-without-approver", "extension has no `approved_by` (the post that approves it)");
  }
}

}  // namespace

void check_law(Check& c) {
  check_remedies(c);
  check_penalty_defence(c);
  check_catalog(c);
  check_periods(c);
}

}  // namespace sunlit::validate
