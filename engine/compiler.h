// The compiler: a validated Process and its Organisation -> an immutable state machine.
//
// Contract: compile() takes a Process that validated without errors (the
// precondition; it never throws and never crashes otherwise, but a dangling
// name then simply has no vertex or edge) and returns a CompiledProcess that
// is never modified afterwards, so one instance can be shared by every case
// and thread. It owns copies of the Process and the Organisation, the
// FlowGraph (engine/graph.h), the start vertex, the id -> vertex lookup, the
// compiled condition of every choice branch (in file order) and the indexes
// the runtime needs to advance a case on this graph alone: out-edges per
// vertex in file order, out-edge by action name, the timeout edge, the
// department of each task's post, suspending/restarting steps, the join of
// each split (and the split of each join), the supervision points and party
// rights arising at each step. Vertices are dense indices 0..vertex_count()-1.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr.h"
#include "engine/graph.h"

namespace sunlit {

// An immutable, compiled flowchart: the graph the runtime advances cases on.
class CompiledProcess {
 public:
  CompiledProcess(const CompiledProcess&) = delete;  // edge descriptors point into the owned graph
  CompiledProcess& operator=(const CompiledProcess&) = delete;

  const Process& process() const { return process_; }
  const Organisation& organisation() const { return organisation_; }
  const FlowGraph& graph() const { return flow_.graph; }
  FlowVertex start() const { return flow_.start; }
  size_t vertex_count() const { return info_.size(); }

  // The vertex of a step or outcome id.
  std::optional<FlowVertex> vertex(const std::string& id) const;
  const NodeProps& node(FlowVertex v) const { return flow_.graph[v]; }
  const EdgeProps& edge(FlowEdge e) const { return flow_.graph[e]; }
  FlowVertex target(FlowEdge e) const { return boost::target(e, flow_.graph); }
  // The step (nullptr for an outcome) or outcome (nullptr for a step) of a vertex.
  const Step* step(FlowVertex v) const;
  const Outcome* outcome(FlowVertex v) const;

  // Out-edges in the order the file wrote them.
  const std::vector<FlowEdge>& out_edges(FlowVertex v) const { return info_.at(v).out; }
  // The edge an action (task or party action) takes, if the step has that action.
  std::optional<FlowEdge> action_edge(FlowVertex v, const std::string& action) const;
  // The edge taken when the step limit / wait window elapses.
  std::optional<FlowEdge> timeout_edge(FlowVertex v) const { return info_.at(v).timeout; }
  // A choice's branch edges (file order) with their compiled conditions, and its default.
  const std::vector<FlowEdge>& branch_edges(FlowVertex v) const { return info_.at(v).branches; }
  const expr::Compiled& condition(FlowVertex v, size_t branch) const { return info_.at(v).conditions.at(branch); }
  std::optional<FlowEdge> otherwise_edge(FlowVertex v) const { return info_.at(v).otherwise; }

  // The department id of a task's post ("" if none), and the post itself.
  const std::string& department(FlowVertex v) const { return info_.at(v).department; }
  const Post* post(FlowVertex v) const;
  const Department* department_info(const std::string& id) const;

  bool suspends(FlowVertex v) const { return !info_.at(v).suspends.empty(); }
  const std::string& suspend_reason(FlowVertex v) const { return info_.at(v).suspends; }
  bool restarts_clock(FlowVertex v) const { return info_.at(v).restarts; }
  // A split's join, and a join's split.
  std::optional<FlowVertex> join_of(FlowVertex split) const { return info_.at(split).partner; }
  std::optional<FlowVertex> split_of(FlowVertex join) const { return info_.at(join).partner; }
  // Whether the party may withdraw while this step is open.
  bool withdrawable(FlowVertex v) const { return info_.at(v).withdrawable; }

  // Indices into process().supervision / process().rights arising at a step.
  const std::vector<size_t>& supervision_at(FlowVertex v) const { return info_.at(v).supervision; }
  const std::vector<size_t>& rights_at(FlowVertex v) const { return info_.at(v).rights; }

  // Case clock: the step that starts it and the step whose end stops it (nullopt: start / outcome).
  std::optional<FlowVertex> clock_from() const { return clock_from_; }
  std::optional<FlowVertex> clock_until() const { return clock_until_; }

 private:
  // Precomputed facts about one vertex.
  struct VertexInfo {
    std::vector<FlowEdge> out;
    std::map<std::string, FlowEdge> actions;
    std::optional<FlowEdge> timeout;
    std::vector<FlowEdge> branches;
    std::vector<expr::Compiled> conditions;
    std::optional<FlowEdge> otherwise;
    std::string department;
    std::string suspends;
    bool restarts = false;
    bool withdrawable = false;
    std::optional<FlowVertex> partner;
    std::vector<size_t> supervision;
    std::vector<size_t> rights;
  };

  CompiledProcess(const Process& p, const Organisation& org);
  void index_vertex(FlowVertex v);
  void index_edges(FlowVertex v, VertexInfo& info);
  void index_references();
  std::optional<FlowVertex> lookup(const Ref& r) const;
  friend std::shared_ptr<const CompiledProcess> compile(const Process&, const Organisation&);

  Process process_;
  Organisation organisation_;
  Flow flow_;
  std::vector<VertexInfo> info_;
  std::optional<FlowVertex> clock_from_;
  std::optional<FlowVertex> clock_until_;
};

// Compiles a process validated without errors.
std::shared_ptr<const CompiledProcess> compile(const Process& process, const Organisation& org);

}  // namespace sunlit
