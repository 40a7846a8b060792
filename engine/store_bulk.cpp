// Bulk load (issue 6, scale benchmark): whole cases written many per transaction by the same row
// code as commit() — events chained by insert_events(), the case row, open steps, timers and
// warnings — for filling a database with generated cases (bench/gen_cases.cpp).
#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

using namespace store_detail;

namespace {

// The year and number of a case id "YYYY-NNNNNN" (nullopt if it has another form).
std::optional<std::pair<int, std::int64_t>> id_number(const std::string& id) {
  auto dash = id.find('-');
  if (dash != 4 || id.size() < 6) return std::nullopt;
  try {
    return std::pair<int, std::int64_t>{std::stoi(id.substr(0, 4)), std::stoll(id.substr(5))};
  } catch (...) {
    return std::nullopt;
  }
}

// Moves each year's counter up to the highest number used, so new cases never collide.
sql::Status raise_counters(sql::Db& db, const std::map<int, std::int64_t>& highest) {
  sql::Status s;
  for (const auto& [year, last] : highest) {
    sql::Query q(db,
                 "INSERT INTO case_counters (year, last) VALUES (?1, ?2) "
                 "ON CONFLICT (year) DO UPDATE SET last = max(last, excluded.last)");
    q->bind(1, std::int64_t{year}).bind(2, last);
    s = q->run();
    if (!s.ok()) break;
  }
  return s;
}

}  // namespace

Result<Done> Store::bulk_load(std::span<const CaseChange> cases) {
  const std::string what = "cannot bulk-load cases";
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  std::map<int, std::int64_t> highest;
  for (const CaseChange& c : cases) {
    if (!s.ok()) break;
    if (c.case_id.empty() || c.events.empty() || c.events.front().seq != 1)
      return StoreError{StoreError::invalid, "a bulk-loaded case needs its id and its events numbered from 1"};
    if (auto n = id_number(c.case_id)) highest[n->first] = std::max(highest[n->first], n->second);
    s = insert_events(db, c.events);
    if (s.ok()) s = upsert_case(db, c.case_id, c.row, c.row.version);
    if (s.ok()) s = replace_open_steps(db, c.case_id, c.row);
    if (s.ok()) s = replace_timers(db, c.case_id, c.row.timers, true);
    if (s.ok()) s = replace_warnings(db, c.case_id, c.row.warnings, true);
  }
  if (s.ok()) s = raise_counters(db, highest);
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return Done{};
}

}  // namespace sunlit
