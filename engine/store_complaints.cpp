// Store reads of complaint cases (issue 5 item 6, docs/complaints.md): a complaint is linked to
// the case it is about by its `opened` event alone (migration 004 indexes that link).
#include <fmt/format.h>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

Result<std::vector<ComplaintCase>> Store::complaints_about(const std::string& case_id) {
  // The expression must match migration 004's index exactly for SQLite to use it.
  const std::string sql =
      "SELECT e.case_id, json_extract(e.payload, '$.complaint_of'), "
      "coalesce(json_extract(e.payload, '$.channel'), ''), c.power_code, c.party, c.status, c.outcome, e.at "
      "FROM events e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'opened' AND "
      "json_extract(e.payload, '$.complaint_of') ";
  // Two spellings, not `(?1 = '' OR … = ?1)`: with the OR, SQLite scans the whole index
  // (1.8 s instead of 16 ms on 304,000 cases, bench/RESULTS.md "Scale").
  const std::string where = case_id.empty() ? "IS NOT NULL" : "= ?1";
  sql::Query q(impl_->db, sql + where + " ORDER BY e.at, e.case_id");
  if (!case_id.empty()) q->bind(1, case_id);
  std::vector<ComplaintCase> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) {
    ComplaintCase r;
    r.id = q->text(0);
    r.complaint_of = q->text(1);
    r.channel = q->text(2);
    r.power_code = q->text(3);
    r.party = q->text(4);
    r.status = store_detail::parse_status(q->text(5));
    r.outcome = q->is_null(6) ? "" : q->text(6);
    r.opened_at = q->int64(7);
    out.push_back(std::move(r));
  }
  if (!s.ok()) return error_from(s, path_, "cannot list the complaints");
  return out;
}

}  // namespace sunlit
