// The case service's audit reads: a case replayed from its events alone (issue 5).
#include <fmt/format.h>

#include "engine/service.h"

namespace sunlit {

namespace {

using json = nlohmann::json;

// Top-level snapshot keys whose values differ (either side missing counts).
std::vector<std::string> differences(const json& stored, const json& replayed) {
  std::vector<std::string> out;
  for (const auto& [k, v] : stored.items())
    if (!replayed.contains(k) || replayed.at(k) != v) out.push_back(k);
  for (const auto& [k, v] : replayed.items())
    if (!stored.contains(k)) out.push_back(k);
  return out;
}

}  // namespace

Served<ReplayReport> CaseService::replay(const std::string& case_id, std::optional<Instant> as_of) {
  auto row = store_.load_case(case_id);
  if (!row) return from_store(row.error());
  auto events = store_.events(case_id);
  if (!events) return from_store(events.error());
  auto cp = compiled(row->definition_id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  const CompiledProcess& process = *std::get<std::shared_ptr<const CompiledProcess>>(cp);
  auto rules = this->rules(row->power_code);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  std::vector<CaseEvent> log;
  log.reserve(events->size());
  for (const auto& e : *events) log.push_back(from_log(e));
  ReplayReport report;
  report.power_name = process.process().power.name;
  report.replay = sunlit::replay(process, log, *std::get<TimeRules>(rules).calendar, as_of, clock_.now());
  report.replay.state.id = case_id;
  if (!as_of && !report.replay.error) {
    report.compared = true;
    report.differences = differences(json::parse(row->snapshot, nullptr, false), to_json(report.replay.state));
  }
  return report;
}

}  // namespace sunlit
