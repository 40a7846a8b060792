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

Served<CaseLog> CaseService::read_log(const CaseRow& row) {
  auto events = store_.events(row.id);
  if (!events) return from_store(events.error());
  auto cp = compiled(row.definition_id);
  if (auto* e = std::get_if<CaseError>(&cp)) return *e;
  auto rules = this->rules(row.power_code);
  if (auto* e = std::get_if<CaseError>(&rules)) return *e;
  CaseLog out{std::get<std::shared_ptr<const CompiledProcess>>(cp), std::get<TimeRules>(rules), {}};
  out.log.reserve(events->size());
  for (const auto& e : *events) out.log.push_back(from_log(e));
  return out;
}

Served<ReplayReport> CaseService::replay(const std::string& case_id, std::optional<Instant> as_of) {
  auto row = store_.load_case(case_id);
  if (!row) return from_store(row.error());
  auto read = read_log(*row);
  if (auto* e = std::get_if<CaseError>(&read)) return *e;
  const auto& [cp, rules, log] = std::get<CaseLog>(read);
  ReplayReport report;
  report.power_name = cp->process().power.name;
  report.replay = sunlit::replay(*cp, log, *rules.calendar, as_of, clock_.now());
  report.replay.state.id = case_id;
  if (!as_of && !report.replay.error) {
    report.compared = true;
    report.differences = differences(json::parse(row->snapshot, nullptr, false), to_json(report.replay.state));
  }
  return report;
}

}  // namespace sunlit
