// Reads for supervision and reports (issue 5): events by kind and period with their case's
// power, the cases active in a period, and complaint cases (json_extract on the payload).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace {

// The WHERE clause shared by the event queries: ?1 kinds (JSON array, '[]' any), ?2 from, ?3 to
// (NULL: open-ended), ?4 power code ('' any).
const char* kEventWhere =
    "(?1 = '[]' OR e.kind IN (SELECT value FROM json_each(?1))) AND (?2 IS NULL OR e.at >= ?2) "
    "AND (?3 IS NULL OR e.at < ?3) AND (?4 = '' OR c.power_code = ?4)";

void bind_query(sql::Statement& st, const EventQuery& q) {
  st.bind(1, nlohmann::json(q.kinds).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (q.from) st.bind(2, *q.from); else st.bind_null(2);
  if (q.to) st.bind(3, *q.to); else st.bind_null(3);
  st.bind(4, q.power_code);
}

}  // namespace

Result<std::vector<LoggedEvent>> Store::logged_events(const EventQuery& query) {
  sql::Query q(impl_->db, std::string("SELECT e.case_id, e.seq, e.version, e.at, e.actor, e.post, e.kind, e.payload, "
                                      "c.power_code, c.definition_id FROM events e JOIN cases c ON c.id = e.case_id "
                                      "WHERE ") + kEventWhere + " ORDER BY e.at, e.case_id, e.seq");
  bind_query(*q, query);
  std::vector<LoggedEvent> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step())
    out.push_back({{q->text(0), q->int64(1), q->int64(2), q->int64(3), q->text(4), q->text(5), q->text(6), q->text(7)},
                   q->text(8), q->int64(9)});
  if (!s.ok()) return error_from(s, path_, "cannot read the event log");
  return out;
}

Result<std::vector<std::string>> Store::active_cases(const EventQuery& query) {
  sql::Query q(impl_->db, std::string("SELECT DISTINCT e.case_id FROM events e JOIN cases c ON c.id = e.case_id WHERE ") +
                              kEventWhere + " ORDER BY e.case_id");
  bind_query(*q, query);
  std::vector<std::string> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back(q->text(0));
  if (!s.ok()) return error_from(s, path_, "cannot list the cases of the period");
  return out;
}

Result<std::vector<ComplaintRow>> Store::complaints(std::optional<Instant> from, std::optional<Instant> to) {
  sql::Query q(impl_->db,
               "SELECT e.case_id, json_extract(e.payload, '$.complaint_of') AS of, e.at, coalesce(c.power_code, '') "
               "FROM events e LEFT JOIN cases c ON c.id = json_extract(e.payload, '$.complaint_of') "
               "WHERE e.kind = 'opened' AND json_type(e.payload, '$.complaint_of') = 'text' "
               "AND (?1 IS NULL OR e.at >= ?1) AND (?2 IS NULL OR e.at < ?2) ORDER BY e.at, e.case_id");
  if (from) q->bind(1, *from); else q->bind_null(1);
  if (to) q->bind(2, *to); else q->bind_null(2);
  std::vector<ComplaintRow> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back({q->text(0), q->text(1), q->text(3), q->int64(2)});
  if (!s.ok()) return error_from(s, path_, "cannot read the complaints");
  return out;
}

}  // namespace sunlit
