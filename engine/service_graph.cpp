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
  auto read = read_log(*row);
  if (auto* e = std::get_if<CaseError>(&read)) return *e;
  const auto& [cp, rules, log] = std::get<CaseLog>(read);
  const CompiledProcess& process = *cp;
  Instant now = clock_.now();
  Replay r = sunlit::replay(process, log, *rules.calendar, std::nullopt, now);
  r.state.id = case_id;
  FlowOverlay overlay = case_overlay(process, r, log, now);
  return to_dot(process, &overlay);
}

}  // namespace sunlit
