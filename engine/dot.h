// The statutory flowchart (权力运行流程图) as Graphviz DOT, for citizens to read.
//
// Contract: to_dot() is a pure function of the CompiledProcess: the same
// definition gives byte-identical text. One node per step and per outcome
// (box task, diamond choice, black bar split/join, hexagon wait, rounded
// double-bordered outcome), clusters per department, edges labelled with the
// action / condition / "otherwise" / "timeout: ...", hand-offs between
// departments dashed, supervision points as red-bordered steps with an
// attached note, party rights and suspended clocks in the step label, and a
// header with the power's name, code, category, case limit, extension and
// complaint channels. Labels are escaped DOT strings (UTF-8).
// With a FlowOverlay (engine/case_graph.h builds one from a case's events) the
// same chart carries one case: the path taken (bold, numbered in visit
// order), current steps filled, overdue steps red, the deferred choices taken,
// everything untaken grey, and a case legend; nodes and edges keep their order.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/compiler.h"

namespace sunlit {

// The font list used for every label (CJK first, then a generic fallback).
inline constexpr const char* kDotFont = "Noto Sans CJK SC,Noto Sans CJK,WenQuanYi Micro Hei,sans-serif";

// How a case marks one step or outcome of its flowchart.
struct NodeMark {
  bool visited = false;  // the case passed through (or reached) it
  bool current = false;  // open now
  bool overdue = false;  // open past its deadline, or completed after it
  bool deferred = false; // a wait whose choice (party action or elapse) was taken
  std::vector<std::string> lines;  // added under the label: "open since …", "OVERDUE: …"
};

// How a case marks one transition: the visit order numbers of its traversals.
struct EdgeMark {
  std::vector<int> order;  // 1, 2, … in the order the case took transitions
  bool deferred = false;   // a wait's deferred choice
};

// A case drawn over its flowchart.
struct FlowOverlay {
  std::vector<std::string> header;                     // lines under the chart's header
  std::vector<int> start_order;                        // the arrow into the start step
  std::map<std::string, NodeMark> nodes;               // by step / outcome id
  std::map<std::pair<std::string, size_t>, EdgeMark> edges;  // (source id, position in out_edges)
};

// The flowchart of a compiled process as DOT text; with `overlay`, one case marked on it.
std::string to_dot(const CompiledProcess& process, const FlowOverlay* overlay = nullptr);

// Escapes text for a double-quoted DOT string: `"` and `\` escaped, newlines as `\n`.
std::string dot_escape(const std::string& text);

// A period in the law's words: "5 working days (行政许可法第三十二条)".
std::string describe_period(const Period& period);

}  // namespace sunlit
