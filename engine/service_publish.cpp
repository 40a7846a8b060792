// Public disclosure (issue 5 item 8, docs/publish.md): every case's published results, on the
// definition version the case ran on, as engine/publish.h decides them.
#include <algorithm>

#include "engine/service.h"

namespace sunlit {

Served<Publication> CaseService::publish(std::optional<Instant> since) {
  Publication pub;
  pub.made_at = clock_.now();
  pub.since = since;
  auto ids = store_.all_case_ids();
  if (!ids) return from_store(ids.error());
  for (const auto& id : *ids) {
    auto events = store_.events(id);
    if (!events) return from_store(events.error());
    if (events->empty()) continue;
    const auto& opened = from_log(events->front()).payload;
    if (!opened.is_object() || !opened.contains("definition_id") || !opened["definition_id"].is_number_integer())
      return CaseError{CaseError::storage, "the opening event of case " + id + " is damaged"};
    auto cp = compiled(opened["definition_id"].get<std::int64_t>());
    if (auto* e = std::get_if<CaseError>(&cp)) return *e;
    for (auto& r : public_records(*std::get<std::shared_ptr<const CompiledProcess>>(cp), *events, since))
      if (r.at <= pub.made_at) pub.records.push_back(std::move(r));  // nothing from after the export's own time
  }
  std::stable_sort(pub.records.begin(), pub.records.end(),
                   [](const PublicRecord& a, const PublicRecord& b) { return a.at < b.at; });
  return pub;
}

}  // namespace sunlit
