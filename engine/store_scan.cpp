// Bulk reads for whole-database replay: the event log in primary-key order, without copies.
#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

Result<std::int64_t> Store::scan_events(const std::string& first, const std::string& end,
                                        const std::function<bool(const EventView&)>& f) {
  // The primary key (case_id, seq) orders the rows: a range scan, no sort.
  const std::string columns = "SELECT case_id, seq, at, actor, post, kind, payload FROM events WHERE case_id >= ?1";
  sql::Query q(impl_->db, end.empty() ? columns + " ORDER BY case_id, seq"
                                      : columns + " AND case_id < ?2 ORDER BY case_id, seq");
  q->bind(1, first);
  if (!end.empty()) q->bind(2, end);
  std::int64_t n = 0;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) {
    ++n;
    EventView e{q->text_view(0), q->int64(1), q->int64(2), q->text_view(3), q->text_view(4), q->text_view(5),
                q->text_view(6)};
    if (!f(e)) break;
  }
  if (!s.ok() && !s.row()) return error_from(s, path_, "cannot read the event log");
  return n;
}

Result<std::vector<std::string>> Store::case_ids() {
  sql::Query q(impl_->db, "SELECT id FROM cases ORDER BY id");
  std::vector<std::string> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back(q->text(0));
  if (!s.ok()) return error_from(s, path_, "cannot list the cases");
  return out;
}

Result<std::string> Store::snapshot_text(const std::string& case_id) {
  sql::Query q(impl_->db, "SELECT snapshot FROM cases WHERE id = ?1");
  q->bind(1, case_id);
  sql::Status s = q->step();
  if (s.row()) return q->text(0);
  if (!s.ok()) return error_from(s, path_, "cannot read the snapshot of case " + case_id);
  return std::string();
}

}  // namespace sunlit
