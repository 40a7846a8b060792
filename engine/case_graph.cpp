#include "engine/case_graph.h"

#include <algorithm>
#include <fmt/format.h>

namespace sunlit {

namespace {

using json = nlohmann::json;

std::string str(const json& p, const char* key) { return payload_text(p, key); }

std::string who(const CaseEvent& e) { return e.post.empty() ? e.actor : fmt::format("{} ({})", e.actor, e.post); }

// Numbers the transitions a case took and marks the routing nodes it passed.
class PathMarker {
 public:
  PathMarker(const CompiledProcess& cp, FlowOverlay& out) : cp_(cp), out_(out) {}

  void see(const CaseEvent& e) {
    const json& p = e.payload;
    const std::string& k = e.kind;
    if (out_.start_order.empty() && (k == "entered" || k == "chose" || k == "split" || k == "closed"))
      out_.start_order.push_back(++n_);
    if (k == "acted") acted(e);
    else if (k == "elapsed") elapsed(e);
    else if (k == "chose") chose(e);
    else if (k == "split") split(str(p, "step"));
    else if (k == "arrived") visit(str(p, "join"));
    else if (k == "joined") joined(str(p, "join"), str(p, "to"));
  }

 private:
  NodeMark& visit(const std::string& id) {
    NodeMark& m = out_.nodes[id];
    m.visited = true;
    return m;
  }

  // Marks one out-edge of `from` as taken now (`same`: with the number just given).
  void take(const std::string& from, FlowEdge edge, bool deferred, bool same = false) {
    auto v = cp_.vertex(from);
    if (!v) return;
    const auto& out = cp_.out_edges(*v);
    auto it = std::find(out.begin(), out.end(), edge);
    if (it == out.end()) return;
    EdgeMark& m = out_.edges[{from, static_cast<size_t>(it - out.begin())}];
    m.order.push_back(same ? n_ : ++n_);
    m.deferred = m.deferred || deferred;
  }

  bool is_wait(const std::string& step) const {
    auto v = cp_.vertex(step);
    return v && cp_.node(*v).kind == NodeKind::wait;
  }

  void acted(const CaseEvent& e) {
    std::string step = str(e.payload, "step");
    auto v = cp_.vertex(step);
    if (!v) return;
    if (auto edge = cp_.action_edge(*v, str(e.payload, "action"))) take(step, *edge, is_wait(step));
    if (!is_wait(step)) return;
    NodeMark& m = visit(step);
    m.deferred = true;
    m.lines.push_back(fmt::format("deferred choice: {} by {}, {}", str(e.payload, "action"), who(e), graph_time(e.at)));
  }

  void elapsed(const CaseEvent& e) {
    std::string step = str(e.payload, "step");
    auto v = cp_.vertex(step);
    if (!v) return;
    if (auto edge = cp_.timeout_edge(*v)) take(step, *edge, is_wait(step));
    if (!is_wait(step)) return;
    NodeMark& m = visit(step);
    m.deferred = true;
    m.lines.push_back(fmt::format("deferred choice: the window elapsed, {}", graph_time(e.at)));
  }

  void chose(const CaseEvent& e) {
    std::string step = str(e.payload, "step");
    auto v = cp_.vertex(step);
    if (!v) return;
    const json& branch = e.payload.contains("branch") ? e.payload["branch"] : json();
    std::optional<FlowEdge> edge;
    if (branch.is_number_integer() && branch.get<std::int64_t>() >= 0 &&
        static_cast<size_t>(branch.get<std::int64_t>()) < cp_.branch_edges(*v).size())
      edge = cp_.branch_edges(*v)[static_cast<size_t>(branch.get<std::int64_t>())];
    else if (branch == "otherwise")
      edge = cp_.otherwise_edge(*v);
    if (edge) take(step, *edge, false);
    visit(step).lines.push_back("took: " + (branch == "otherwise" ? std::string("otherwise") : str(e.payload, "when")));
  }

  void split(const std::string& step) {
    auto v = cp_.vertex(step);
    if (!v) return;
    visit(step);
    bool first = true;
    for (FlowEdge edge : cp_.out_edges(*v)) {
      if (cp_.edge(edge).kind != EdgeKind::parallel) continue;
      take(step, edge, false, !first);
      first = false;
    }
  }

  void joined(const std::string& join, const std::string& to) {
    auto v = cp_.vertex(join);
    if (!v) return;
    visit(join);
    for (FlowEdge edge : cp_.out_edges(*v))
      if (cp_.node(cp_.target(edge)).id == to) return take(join, edge, false);
  }

  const CompiledProcess& cp_;
  FlowOverlay& out_;
  int n_ = 0;
};

// Marks the steps from their visits: current, overdue, done (and how).
void mark_visits(const CompiledProcess& cp, const Replay& r, FlowOverlay& out) {
  for (const StepVisit& v : r.steps) {
    auto vx = cp.vertex(v.step);
    bool wait = vx && cp.node(*vx).kind == NodeKind::wait;
    bool overdue = v.overdue && !wait;
    NodeMark& m = out.nodes[v.step];
    m.visited = true;
    m.overdue = m.overdue || overdue;
    std::string due = v.due ? graph_time(*v.due, true) : "";
    if (!v.left) {
      m.current = true;
      m.lines.push_back("NOW OPEN since " + graph_time(v.entered) + (due.empty() ? "" : ", due " + due));
      if (overdue) m.lines.push_back("OVERDUE: " + v.used_text);
    } else if (overdue) {
      m.lines.push_back(fmt::format("LATE: done {}, due {} ({})", graph_time(*v.left), due, v.used_text));
    } else if (!wait) {
      m.lines.push_back(fmt::format("done {}: {}", graph_time(*v.left), v.how));
    }
  }
}

// The case's lines under the chart's header.
std::vector<std::string> header(const CompiledProcess& cp, const Replay& r, Instant now) {
  const CaseState& s = r.state;
  std::vector<std::string> lines{fmt::format("Case {} ({} version {}), party {}: {} — as of {}", s.id, s.power,
                                             s.definition_version, s.party,
                                             s.closed ? "closed: " + s.outcome : std::string("open"), graph_time(now))};
  const CaseClock& c = s.clock;
  if (c.status == CaseClock::Status::running)
    lines.push_back(fmt::format("Case limit: ends {}{}", graph_time(c.due, true), now > c.due ? " — OVERDUE" : ""));
  else if (c.status == CaseClock::Status::suspended)
    lines.push_back(fmt::format("Case limit: suspended since {}: {}", graph_time(c.suspended_since), c.reason));
  std::string overdue;
  for (const StepVisit& v : r.steps) {
    auto vx = cp.vertex(v.step);
    if (!v.overdue || !v.due || (vx && cp.node(*vx).kind == NodeKind::wait)) continue;
    overdue += fmt::format("{}{} (due {}{})", overdue.empty() ? "" : ", ", v.step, graph_time(*v.due, true),
                           v.left ? ", done late" : ", still open");
  }
  if (!overdue.empty()) lines.push_back("Overdue steps: " + overdue);
  if (r.error) lines.push_back("ERROR: " + *r.error);
  return lines;
}

}  // namespace

std::string graph_time(Instant t, bool deadline) {
  Instant local = t + kShanghaiOffset;
  Instant second_of_day = ((local % 86400) + 86400) % 86400;
  Day day = local_day(t);
  if (deadline && second_of_day == 0) return format_day(day - 1) + " 24:00";
  return fmt::format("{} {:02}:{:02}", format_day(day), second_of_day / 3600, second_of_day % 3600 / 60);
}

FlowOverlay case_overlay(const CompiledProcess& cp, const Replay& replay, const std::vector<CaseEvent>& events,
                         Instant now) {
  FlowOverlay out;
  PathMarker path(cp, out);
  // Only the events the replay applied (it stops at the first that does not fit).
  for (size_t i = 0; i < events.size() && i < static_cast<size_t>(replay.events); ++i) path.see(events[i]);
  mark_visits(cp, replay, out);
  if (replay.state.closed) {
    NodeMark& m = out.nodes[replay.state.outcome];
    m.visited = true;
    m.lines.push_back("reached " + graph_time(replay.state.closed_at));
  }
  out.header = header(cp, replay, now);
  return out;
}

}  // namespace sunlit
