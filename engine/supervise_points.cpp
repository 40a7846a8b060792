// Supervision records: each passage of a case through a step its definition marks as a
// supervision point (监督制约环节), with what the point records (issue 5 item 5).
#include <algorithm>
#include <fmt/format.h>

#include "engine/report_common.h"
#include "engine/supervise.h"

namespace sunlit {

namespace {

using json = nlohmann::json;
using namespace report_detail;

// A field value as text: text as is, whole numbers without a fraction, anything else as JSON.
std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == static_cast<double>(static_cast<std::int64_t>(d))) return std::to_string(static_cast<std::int64_t>(d));
  }
  return v.dump();
}

// The `acted` event that ended a visit (the last one on that step at the instant it was left).
const Event* acting_event(const std::vector<Event>& events, const StepVisit& v) {
  const Event* found = nullptr;
  if (!v.left) return nullptr;
  for (const auto& e : events) {
    if (e.at > *v.left) break;
    if (e.at == *v.left && e.kind == "acted" &&
        payload_text(json::parse(e.payload, nullptr, false), "step") == v.step)
      found = &e;
  }
  return found;
}

// The items a point records: fields (by name or label) with their values, other records as kept outside.
std::vector<RecordedItem> items_of(const CompiledProcess& cp, const SupervisionPoint& point, const json& acted_data,
                                   const json& case_data) {
  std::vector<RecordedItem> out;
  for (const auto& r : point.records) {
    RecordedItem item{r, false, std::nullopt};
    for (const auto& f : cp.process().fields) {
      if (f.name != r && f.label != r) continue;
      item.field = true;
      if (acted_data.contains(f.name)) item.value = value_text(acted_data[f.name]);
      else if (case_data.contains(f.name)) item.value = value_text(case_data[f.name]);
    }
    out.push_back(std::move(item));
  }
  return out;
}

bool in_scope(const StepVisit& v, const SuperviseFilter& f) {
  return v.left ? in_period(*v.left, f.from, f.to) : in_period(v.entered, f.from, f.to);
}

}  // namespace

Served<std::vector<SupervisionRecord>> supervision_records(CaseService& svc, Store& store,
                                                           const SuperviseFilter& filter) {
  auto ids = store.active_cases({{}, filter.from, filter.to, filter.power});
  if (!ids) return from_store(ids.error());
  std::vector<SupervisionRecord> out;
  for (const auto& id : *ids) {
    auto r = svc.replay(id, std::nullopt);
    if (auto* e = std::get_if<CaseError>(&r)) return *e;
    const Replay& rep = std::get<ReplayReport>(r).replay;
    std::optional<CaseError> error;
    const CompiledProcess* cp = compiled_of(svc, rep.state.definition_id, error);
    if (!cp) return *error;
    auto events = store.events(id);
    if (!events) return from_store(events.error());
    for (const auto& point : cp->process().supervision) {
      if (!filter.kind.empty() && point.kind != filter.kind) continue;
      StepInfo info = step_info(*cp, point.step.name);
      if (!filter.department.empty() && info.department != filter.department) continue;
      for (const auto& v : rep.steps) {
        if (v.step != point.step.name || !in_scope(v, filter)) continue;
        const Event* acted = acting_event(*events, v);
        json data = acted ? json::parse(acted->payload, nullptr, false).value("data", json::object()) : json::object();
        SupervisionRecord rec{id, rep.state.power, v.step, info.name, info.post, info.department, point.body,
                              point.kind, point.channel, point.contact, v.entered, v.left,
                              acted ? acted->actor : "", acted ? acted->post : "", v.how,
                              items_of(*cp, point, data, rep.state.data)};
        out.push_back(std::move(rec));
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.entered, a.case_id, a.step) < std::tie(b.entered, b.case_id, b.step);
  });
  return out;
}

}  // namespace sunlit
