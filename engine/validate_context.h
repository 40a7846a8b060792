// Private to the validator: the state one validate_process() run shares
// between its passes (names, structure, meaning, law, limits, soundness).
//
// The flow graph is built once per process here and every pass reads it;
// no pass builds a second graph.
#pragma once

#include <string>
#include <vector>

#include "engine/definition.h"
#include "engine/graph.h"

namespace sunlit::validate {

// One validation run over a process: inputs, the flow graph, name lists and what earlier passes found.
struct Check {
  Check(const Process& process, const Organisation* organisation, Diagnostics& out);

  const Process& p;
  const Organisation* org;
  Diagnostics& diags;
  Flow flow;

  std::vector<std::string> step_ids;     // every step id, in file order
  std::vector<std::string> node_ids;     // steps and outcomes (one namespace)
  std::vector<std::string> field_names;
  std::vector<std::string> channel_ids;
  std::vector<std::string> post_ids;     // empty when org is null

  bool flow_broken = false;  // dangling targets or malformed gateways: soundness is not checked
  bool dangling = false;     // some transition target does not exist: reachability is not reported
  bool dead_ends = false;    // some step cannot reach an outcome (reported by the structure pass)

  void error(Pos pos, std::string code, std::string message);
  void warning(Pos pos, std::string code, std::string message);

  // The step behind a vertex, or nullptr for an outcome.
  const Step* step_of(FlowVertex v) const;
  const Outcome* outcome_of(FlowVertex v) const;
  // The vertex of a step or outcome id, or nullptr-like false.
  bool vertex(const std::string& id, FlowVertex& out) const;
  const std::string& id_of(FlowVertex v) const { return flow.graph[v].id; }
};

void check_names(Check& c);       // duplicate ids, dangling references (validate_names.cpp)
void check_structure(Check& c);   // start, reachability, gateway shape (validate_structure.cpp)
void check_meaning(Check& c);     // organisation, posts, fields, conditions (validate_meaning.cpp)
void check_law(Check& c);         // remedies, rights, supervision, confidentiality, periods (validate_law.cpp)
void check_case_limit(Check& c);  // step limits summed along paths (validate_limits.cpp)
void check_soundness(Check& c);   // workflow-net token game (validate_soundness.cpp)
void check_data(Check& c);        // field defaults; fields a timer's path leaves unset at a choice (validate_data.cpp)

// "a → b → c".
std::string arrow_path(const std::vector<std::string>& ids);

// "'a', 'b' and 'c'".
std::string quoted_list(const std::vector<std::string>& ids);

// "5" for 5.0, "2.5" for 2.5.
std::string amount_text(double amount);

}  // namespace sunlit::validate
