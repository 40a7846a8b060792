#include "engine/compiler.h"

namespace sunlit {

CompiledProcess::CompiledProcess(const Process& p, const Organisation& org)
    : process_(p), organisation_(org), flow_(build_flow_graph(process_, &organisation_)) {
  info_.resize(boost::num_vertices(flow_.graph));
  for (FlowVertex v = 0; v < info_.size(); ++v) index_vertex(v);
  index_references();
}

std::shared_ptr<const CompiledProcess> compile(const Process& process, const Organisation& org) {
  return std::shared_ptr<const CompiledProcess>(new CompiledProcess(process, org));
}

std::optional<FlowVertex> CompiledProcess::lookup(const Ref& r) const {
  if (r.empty()) return std::nullopt;
  return vertex(r.name);
}

std::optional<FlowVertex> CompiledProcess::vertex(const std::string& id) const {
  auto it = flow_.vertex_of.find(id);
  if (it == flow_.vertex_of.end()) return std::nullopt;
  return it->second;
}

const Step* CompiledProcess::step(FlowVertex v) const {
  int i = flow_.graph[v].step;
  return i < 0 ? nullptr : &process_.steps[static_cast<size_t>(i)];
}

const Outcome* CompiledProcess::outcome(FlowVertex v) const {
  int i = flow_.graph[v].outcome;
  return i < 0 ? nullptr : &process_.outcomes[static_cast<size_t>(i)];
}

std::optional<FlowEdge> CompiledProcess::action_edge(FlowVertex v, const std::string& action) const {
  const auto& actions = info_.at(v).actions;
  auto it = actions.find(action);
  if (it == actions.end()) return std::nullopt;
  return it->second;
}

const Post* CompiledProcess::post(FlowVertex v) const {
  const Step* s = step(v);
  if (!s || s->post.empty()) return nullptr;
  return find_post(organisation_, s->post.name);
}

const Department* CompiledProcess::department_info(const std::string& id) const {
  for (const auto& d : organisation_.departments)
    if (d.id == id) return &d;
  return nullptr;
}

void CompiledProcess::index_vertex(FlowVertex v) {
  VertexInfo& info = info_[v];
  index_edges(v, info);
  const Step* s = step(v);
  if (!s) return;
  if (const Post* p = post(v)) info.department = p->department;
  info.suspends = s->suspends;
  info.restarts = s->restarts_clock;
  if (s->kind == StepKind::split) info.partner = lookup(s->join);
  for (size_t i = 0; i < s->branches.size(); ++i)
    info.conditions.push_back(expr::compile_condition(s->branches[i].condition, process_.fields));
}

void CompiledProcess::index_edges(FlowVertex v, VertexInfo& info) {
  for (auto [it, end] = boost::out_edges(v, flow_.graph); it != end; ++it) {
    const EdgeProps& e = flow_.graph[*it];
    info.out.push_back(*it);
    switch (e.kind) {
      case EdgeKind::action: info.actions.emplace(e.name, *it); break;
      case EdgeKind::branch: info.branches.push_back(*it); break;
      case EdgeKind::otherwise: info.otherwise = *it; break;
      case EdgeKind::timeout: info.timeout = *it; break;
      case EdgeKind::parallel:
      case EdgeKind::next: break;
    }
  }
}

void CompiledProcess::index_references() {
  for (FlowVertex v = 0; v < info_.size(); ++v)
    if (auto join = info_[v].partner; join && step(v) && step(v)->kind == StepKind::split) info_[*join].partner = v;
  for (size_t i = 0; i < process_.supervision.size(); ++i)
    if (auto v = lookup(process_.supervision[i].step)) info_[*v].supervision.push_back(i);
  for (size_t i = 0; i < process_.rights.size(); ++i)
    if (auto v = lookup(process_.rights[i].step)) info_[*v].rights.push_back(i);
  if (process_.withdrawal) {
    bool any = process_.withdrawal->from.empty();
    for (FlowVertex v = 0; v < info_.size(); ++v) info_[v].withdrawable = any && step(v) != nullptr;
    for (const Ref& r : process_.withdrawal->from)
      if (auto v = lookup(r)) info_[*v].withdrawable = true;
  }
  if (process_.limit) {
    clock_from_ = lookup(process_.limit->from);
    clock_until_ = lookup(process_.limit->until);
  }
}

}  // namespace sunlit
