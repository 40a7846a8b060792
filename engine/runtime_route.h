// Routing: from the node an action leads to, through choices, splits and joins, to the next
// open steps or an outcome, as events. Private to the runtime.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime.h"

namespace sunlit {

// Walks the compiled graph from a target vertex, emitting the routing events.
class Router {
 public:
  Router(const CompiledProcess& cp, const CaseState& state, Instant now, std::string actor, std::string post,
         const TimeRules& rules);

  // The case's data that conditions read, and the data the action sets on top of it (read
  // first). Both are borrowed, not copied: they must outlive the routing.
  void set_data(const nlohmann::json& data) { data_ = &data; }
  void merge_data(const nlohmann::json& data) { given_ = &data; }
  // Enters vertex `v`, arrived at from step `from` ("" at the start).
  void enter(FlowVertex v, const std::string& from);
  // The case clock when the case opens (a case limit counted from the start).
  void open_clock();
  // Step `step` ended (acted on, or elapsed when `acted` is false): resume, restart (only when
  // acted on) or stop the case clock as the step says.
  void leave(const std::string& step, bool acted);
  // The instant the decision reached the party, from which an outcome's remedies count (default:
  // now; a wait step's action or elapse closing the case: when the wait began).
  void set_delivered(Instant at) { delivered_ = at; }

  std::vector<CaseEvent> events;
  std::optional<CaseError> error;

 private:
  void emit(const char* kind, nlohmann::json payload);
  void choose(FlowVertex v);
  void split(FlowVertex v);
  void join(FlowVertex v, const std::string& from);
  expr::Data condition_data() const;
  void enter_step(FlowVertex v);
  void start_clock();

  const TimeRules& rules_;
  CaseClock clock_;  // the case clock as the events so far leave it

  const CompiledProcess& cp_;
  Instant now_;
  std::optional<Instant> delivered_;
  std::string actor_, post_;
  const nlohmann::json* data_ = nullptr;   // see set_data()
  const nlohmann::json* given_ = nullptr;  // see merge_data()
  std::map<std::string, std::vector<std::string>> arrived_;
  std::vector<std::string> open_;
  bool closed_ = false;
  int budget_ = 10000;  // routing steps per action: a cycle of choices cannot spin forever
};

}  // namespace sunlit
