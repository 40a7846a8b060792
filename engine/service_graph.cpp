// The case service's drawing of a case on its statutory flowchart (issue 5 item 3).
#include <fmt/format.h>

#include "engine/case_graph.h"
#include "engine/service.h"

namespace sunlit {

Served<std::string> CaseService::case_graph(const std::string& case_id) {
  auto row = store_.load_case(case_id);
  if (!row) {
    if (row.error().kind == StoreError::not_found)
      return CaseError{CaseError::not_found, fmt::format("unknown case '{}'", case_id)};
    return from_store(row.error());
  }
  auto stored = store_.events(case_id);
  if (!stored) return from_store(stored.error());
  auto cp = compiled(row->definition_id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  const CompiledProcess& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
  auto rules = this->rules(row->power_code);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  std::vector<CaseEvent> log;
  log.reserve(stored->size());
  for (const auto& e : *stored) log.push_back(from_log(e));
  Instant now = clock_.now();
  Replay r = sunlit::replay(process, log, *std::get<TimeRules>(rules).calendar, std::nullopt, now);
  r.state.id = case_id;
  FlowOverlay overlay = case_overlay(process, r, log, now);
  return to_dot(process, &overlay);
}

}  // namespace sunlit
