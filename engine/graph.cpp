#include "engine/graph.h"

namespace sunlit {

const char* to_string(NodeKind k) {
  switch (k) {
    case NodeKind::task: return "task";
    case NodeKind::choice: return "choice";
    case NodeKind::split: return "parallel";
    case NodeKind::join: return "join";
    case NodeKind::wait: return "wait";
    case NodeKind::outcome: return "outcome";
  }
  return "?";
}

const char* to_string(EdgeKind k) {
  switch (k) {
    case EdgeKind::action: return "action";
    case EdgeKind::branch: return "branch";
    case EdgeKind::otherwise: return "otherwise";
    case EdgeKind::parallel: return "parallel";
    case EdgeKind::next: return "next";
    case EdgeKind::timeout: return "timeout";
  }
  return "?";
}

namespace {

NodeKind node_kind(StepKind k) {
  switch (k) {
    case StepKind::task: return NodeKind::task;
    case StepKind::choice: return NodeKind::choice;
    case StepKind::split: return NodeKind::split;
    case StepKind::join: return NodeKind::join;
    case StepKind::wait: return NodeKind::wait;
  }
  return NodeKind::task;
}

// The department of the post owning step `s`, or "" if unknown.
std::string department_of(const Step& s, const Organisation* org) {
  if (!org || s.post.empty()) return {};
  const Post* post = find_post(*org, s.post.name);
  return post ? post->department : std::string();
}

class Builder {
 public:
  Builder(const Process& p, const Organisation* org) : p_(p), org_(org) {}

  Flow build() {
    for (size_t i = 0; i < p_.steps.size(); ++i) add_vertex(p_.steps[i].id, node_kind(p_.steps[i].kind), static_cast<int>(i), -1);
    for (size_t i = 0; i < p_.outcomes.size(); ++i) add_vertex(p_.outcomes[i].id, NodeKind::outcome, -1, static_cast<int>(i));
    for (size_t i = 0; i < p_.steps.size(); ++i) add_edges(p_.steps[i]);
    pick_start();
    return std::move(flow_);
  }

 private:
  void add_vertex(const std::string& id, NodeKind kind, int step, int outcome) {
    if (id.empty() || flow_.vertex_of.count(id)) return;  // duplicates are reported by the validator
    auto v = boost::add_vertex(NodeProps{id, kind, step, outcome}, flow_.graph);
    flow_.vertex_of.emplace(id, v);
  }

  void edge(const Step& from, const Ref& to, EdgeKind kind, int index, std::string name, Pos pos, bool declared_handoff) {
    auto src = flow_.vertex_of.find(from.id);
    auto dst = flow_.vertex_of.find(to.name);
    if (src == flow_.vertex_of.end() || dst == flow_.vertex_of.end()) return;
    bool handoff = declared_handoff;
    int target_step = flow_.graph[dst->second].step;
    if (!handoff && target_step >= 0 && from.kind == StepKind::task) {
      std::string a = department_of(from, org_), b = department_of(p_.steps[static_cast<size_t>(target_step)], org_);
      handoff = !a.empty() && !b.empty() && a != b;
    }
    boost::add_edge(src->second, dst->second, EdgeProps{kind, index, std::move(name), pos, handoff}, flow_.graph);
  }

  void add_edges(const Step& s) {
    for (size_t i = 0; i < s.actions.size(); ++i) {
      const Action& a = s.actions[i];
      edge(s, a.to, EdgeKind::action, static_cast<int>(i), a.name, a.pos, !a.handoff.empty());
    }
    for (size_t i = 0; i < s.branches.size(); ++i) {
      const Branch& b = s.branches[i];
      edge(s, b.to, EdgeKind::branch, static_cast<int>(i), b.label.empty() ? b.condition : b.label, b.pos, false);
    }
    if (!s.otherwise.empty()) edge(s, s.otherwise, EdgeKind::otherwise, -1, "otherwise", s.otherwise.pos, false);
    for (size_t i = 0; i < s.parallel.size(); ++i)
      edge(s, s.parallel[i], EdgeKind::parallel, static_cast<int>(i), "", s.parallel[i].pos, false);
    if (s.kind == StepKind::join && !s.next.empty()) edge(s, s.next, EdgeKind::next, -1, "", s.next.pos, false);
    if (s.timeout) edge(s, s.timeout->to, EdgeKind::timeout, -1, "timeout", s.timeout->pos, false);
  }

  void pick_start() {
    for (const auto& s : p_.steps) {
      if (s.start && flow_.vertex_of.count(s.id)) {
        flow_.start = flow_.vertex_of.at(s.id);
        flow_.has_start = true;
        return;
      }
    }
    if (!p_.steps.empty() && flow_.vertex_of.count(p_.steps.front().id)) {
      flow_.start = flow_.vertex_of.at(p_.steps.front().id);
      flow_.has_start = true;
    }
  }

  const Process& p_;
  const Organisation* org_;
  Flow flow_;
};

}  // namespace

Flow build_flow_graph(const Process& p, const Organisation* org) { return Builder(p, org).build(); }

}  // namespace sunlit
