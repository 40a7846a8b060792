// The flowchart as a Boost.Graph: the only header that includes Boost.Graph.
//
// Contract: build_flow_graph() turns a Process (validated or not) into a
// directed graph with one vertex per step and per outcome and one edge per
// transition whose target exists; dangling targets are skipped (the
// validator reports them). Vertex and edge properties hold indices into the
// Process, never pointers, so a graph can be copied with its Process.
// Out-edges of a vertex keep the order in which the file wrote them (a
// choice's branches are tried in that order).
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <string>

#include "engine/definition.h"

namespace sunlit {

// What a vertex is.
enum class NodeKind { task, choice, split, join, wait, outcome };

// Bundled vertex property: the step or outcome this vertex stands for.
struct NodeProps {
  std::string id;
  NodeKind kind = NodeKind::task;
  int step = -1;     // index into Process::steps, or -1
  int outcome = -1;  // index into Process::outcomes, or -1
};

// How a transition is taken.
enum class EdgeKind {
  action,     // an official's action (task) or the party's action (wait); `index` into Step::actions
  branch,     // a choice branch; `index` into Step::branches
  otherwise,  // a choice's default
  parallel,   // a split's branch; `index` into Step::parallel
  next,       // a join's continuation
  timeout     // a step limit / wait window elapsed
};

// Bundled edge property.
struct EdgeProps {
  EdgeKind kind = EdgeKind::action;
  int index = -1;
  std::string name;  // action name, branch label, "otherwise", "timeout", ...
  Pos pos;           // where the transition was written
  bool handoff = false;  // interface: the next task's post is in another department, or a handoff was declared
};

using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, NodeProps, EdgeProps>;
using FlowVertex = boost::graph_traits<FlowGraph>::vertex_descriptor;
using FlowEdge = boost::graph_traits<FlowGraph>::edge_descriptor;

// A flow graph plus the id -> vertex index of its Process.
struct Flow {
  FlowGraph graph;
  std::map<std::string, FlowVertex> vertex_of;
  FlowVertex start = 0;  // the start step (first `start: true`, else the first step)
  bool has_start = false;
};

// Builds the flow graph; `org` (may be null) lets hand-offs between departments be marked.
Flow build_flow_graph(const Process& p, const Organisation* org);

const char* to_string(NodeKind k);
const char* to_string(EdgeKind k);

}  // namespace sunlit
