#include "engine/runtime_route.h"
#include "engine/runtime_rights.h"
#include "engine/json_object.h"

#include <algorithm>
#include <fmt/format.h>

namespace sunlit {

using json = nlohmann::json;

Router::Router(const CompiledProcess& cp, const CaseState& state, Instant now, std::string actor, std::string post,
               const TimeRules& rules)
    : rules_(rules), clock_(state.clock), cp_(cp), now_(now), actor_(std::move(actor)), post_(std::move(post)),
      arrived_(state.arrived) {
  for (const auto& t : state.open) open_.push_back(t.step);
}

void Router::emit(const char* kind, json payload) {
  events.push_back(CaseEvent{0, now_, actor_, post_, kind, std::move(payload)});
}

expr::Data Router::condition_data() const {
  expr::Data d;
  for (const auto& f : cp_.process().fields) {
    const json* set = nullptr;  // the action's value, else the case's
    for (const json* source : {given_, data_}) {
      if (set || !source || !source->is_object()) continue;
      auto it = source->find(f.name);
      if (it != source->end()) set = &*it;
    }
    if (set) {
      if (auto v = value_from_json(*set, f)) d[f.name] = *v;
    } else if (f.fallback) {  // not set: conditions read the declared default
      if (auto v = expr::parse_value(*f.fallback, f, nullptr)) d[f.name] = *v;
    }
  }
  return d;
}

void Router::enter(FlowVertex v, const std::string& from) {
  if (error || closed_) return;
  if (--budget_ < 0) {
    error = CaseError{CaseError::cannot_route, "the flowchart loops through choices without reaching a step"};
    return;
  }
  const NodeProps& n = cp_.node(v);
  // A case clock may start at a routing node (License: `from: joint_review`, a parallel split);
  // at a task or wait it starts in enter_step(), after the `entered` event.
  if (n.kind != NodeKind::task && n.kind != NodeKind::wait && n.kind != NodeKind::outcome &&
      cp_.process().limit && clock_.status == CaseClock::Status::none && cp_.clock_from() && *cp_.clock_from() == v)
    start_clock();
  switch (n.kind) {
    case NodeKind::task:
    case NodeKind::wait:
      if (std::find(open_.begin(), open_.end(), n.id) != open_.end()) {
        error = CaseError{CaseError::cannot_route, fmt::format("step '{}' is already open in this case", n.id)};
        return;
      }
      open_.push_back(n.id);
      return enter_step(v);
    case NodeKind::choice: return choose(v);
    case NodeKind::split: return split(v);
    case NodeKind::join: return join(v, from);
    case NodeKind::outcome: {
      closed_ = true;
      json p = object_of("outcome", n.id);
      json remedies = remedies_of(cp_, n.id, delivered_.value_or(now_), rules_);
      if (!remedies.empty()) p["remedies"] = std::move(remedies);
      emit("closed", std::move(p));
      return;
    }
  }
}

void Router::choose(FlowVertex v) {
  const std::string& id = cp_.node(v).id;
  expr::Data d = condition_data();
  const auto& branches = cp_.branch_edges(v);
  for (size_t i = 0; i < branches.size(); ++i) {
    std::string why;
    auto value = expr::evaluate(cp_.condition(v, i), d, &why);
    if (!value) {
      error = CaseError{CaseError::cannot_route, fmt::format("cannot decide at '{}': {}", id, why)};
      return;
    }
    if (value->boolean) {
      FlowVertex to = cp_.target(branches[i]);
      const Branch& b = cp_.step(v)->branches.at(i);
      emit("chose", object_of("step", id, "branch", i, "when", b.label.empty() ? b.condition : b.label, "to", cp_.node(to).id));
      return enter(to, id);
    }
  }
  auto other = cp_.otherwise_edge(v);
  if (!other) {
    error = CaseError{CaseError::cannot_route, fmt::format("no condition holds at '{}' and it has no otherwise", id)};
    return;
  }
  FlowVertex to = cp_.target(*other);
  emit("chose", object_of("step", id, "branch", "otherwise", "to", cp_.node(to).id));
  enter(to, id);
}

void Router::split(FlowVertex v) {
  const std::string& id = cp_.node(v).id;
  json targets = json::array();
  std::vector<FlowVertex> to;
  for (const auto& e : cp_.out_edges(v)) {
    if (cp_.edge(e).kind != EdgeKind::parallel) continue;
    to.push_back(cp_.target(e));
    targets.push_back(cp_.node(to.back()).id);
  }
  emit("split", object_of("step", id, "to", std::move(targets)));
  for (FlowVertex t : to) enter(t, id);
}

void Router::join(FlowVertex v, const std::string& from) {
  const std::string& id = cp_.node(v).id;
  emit("arrived", object_of("join", id, "from", from));
  auto& got = arrived_[id];
  got.push_back(from);
  for (auto [e, end] = boost::in_edges(v, cp_.graph()); e != end; ++e)  // every incoming branch arrived?
    if (std::find(got.begin(), got.end(), cp_.node(boost::source(*e, cp_.graph())).id) == got.end()) return;
  arrived_.erase(id);
  for (const auto& e : cp_.out_edges(v)) {
    FlowVertex to = cp_.target(e);
    emit("joined", object_of("join", id, "to", cp_.node(to).id));
    return enter(to, id);
  }
}

}  // namespace sunlit
