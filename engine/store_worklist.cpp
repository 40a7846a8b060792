// Reads of cases (one statement each, so each sees one consistent state) and the rebuild write.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace {

// Columns 0..10 of the case queries below; the snapshot is read separately.
void read_case(const sql::Statement& st, CaseRow& row) {
  row.id = st.text(0);
  row.definition_id = st.int64(1);
  row.power_code = st.text(2);
  row.party = st.text(3);
  row.opened_at = st.int64(4);
  row.status = store_detail::parse_status(st.text(5));
  row.outcome = st.text(6);
  row.version = st.int64(7);
  row.updated_at = st.int64(8);
  if (!st.is_null(9)) row.due = st.int64(9);
  row.warning = st.text(10);
}

// Columns 11..16: an open step, absent (NULL) for a case without one.
void read_step(const sql::Statement& st, CaseRow& row) {
  if (st.is_null(11)) return;
  std::optional<Instant> due;
  if (!st.is_null(15)) due = st.int64(15);
  row.open_steps.push_back({st.text(11), st.text(12), st.text(13), st.int64(14), due, st.text(16)});
}

const std::string kCaseColumns =
    "c.id, c.definition_id, c.power_code, c.party, c.opened_at, c.status, c.outcome, c.version, c.updated_at, "
    "c.due_at, c.warning, s.step, s.post, s.department, s.since, s.due_at, s.warning";

// Gathers rows of (case, step) into cases, in query order.
sql::Status collect(sql::Statement& st, std::vector<CaseRow>& out) {
  sql::Status s = st.step();
  for (; s.row(); s = st.step()) {
    if (out.empty() || out.back().id != st.text(0)) {
      out.emplace_back();
      out.back().snapshot.clear();
      read_case(st, out.back());
    }
    read_step(st, out.back());
  }
  return s;
}

}  // namespace

Result<CaseRow> Store::load_case(const std::string& id) {
  sql::Query q(impl_->db, "SELECT " + kCaseColumns + ", c.snapshot FROM cases c LEFT JOIN open_steps s "
                          "ON s.case_id = c.id WHERE c.id = ?1 ORDER BY s.since, s.step");
  q->bind(1, id);
  CaseRow row;
  sql::Status s = q->step();
  if (s.row()) {
    read_case(*q, row);
    row.snapshot = q->text(17);
  }
  for (; s.row(); s = q->step()) read_step(*q, row);
  if (!s.ok()) return error_from(s, path_, "cannot read case " + id);
  if (row.id.empty()) return StoreError{StoreError::not_found, fmt::format("case {} not found", id)};
  return row;
}

Result<CaseStateRow> Store::case_state(const std::string& id, bool with_snapshot) {
  sql::Query q(impl_->db, with_snapshot ? "SELECT definition_id, version, snapshot FROM cases WHERE id = ?1"
                                        : "SELECT definition_id, version FROM cases WHERE id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  if (!s.row()) {
    if (!s.ok()) return error_from(s, path_, "cannot read case " + id);
    return StoreError{StoreError::not_found, fmt::format("case {} not found", id)};
  }
  CaseStateRow row{q->int64(0), q->int64(1), with_snapshot ? q->text(2) : std::string()};
  return row;
}

Result<std::vector<Event>> Store::events(const std::string& case_id) {
  sql::Query q(impl_->db,
               "SELECT seq, version, at, actor, post, kind, payload FROM events WHERE case_id = ?1 ORDER BY seq");
  q->bind(1, case_id);
  std::vector<Event> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step())
    out.push_back({case_id, q->int64(0), q->int64(1), q->int64(2), q->text(3), q->text(4), q->text(5), q->text(6)});
  if (!s.ok()) return error_from(s, path_, "cannot read the history of case " + case_id);
  return out;
}

namespace {

// The SQL of a worklist: its WHERE over `cases c` / `open_steps s` and its order. With posts, the
// rows come from open_steps alone (index open_steps_by_post_urgency, migration 005): open_steps
// holds the steps of open cases only (closing a case clears them, engine/case_apply.h), so
// "open" adds no condition, "closed" matches nothing, and a power is checked against the open
// cases of that power (index cases_by_status_power) — no read of the cases table's rows.
// Parameters: ?1 power, ?2 status, ?3 the posts as a JSON array.
struct WorklistSql {
  std::string steps_where;  // over open_steps (no alias), with posts
  std::string cases_where;  // over c and s, without posts
  std::string order;        // over c and s
};

WorklistSql worklist_sql(const WorklistFilter& f) {
  WorklistSql q;
  q.steps_where = "post IN (SELECT value FROM json_each(?3)) AND ?2 <> 'closed' AND "
                  "(?1 = '' OR case_id IN (SELECT id FROM cases WHERE status = 'open' AND power_code = ?1))";
  q.cases_where = "(?1 = '' OR c.power_code = ?1) AND (?2 = '' OR c.status = ?2)";
  q.order = f.urgent_first ? "s.urgency, s.opened_at, s.case_id, s.since, s.step"
                           : "c.opened_at, c.id, s.since, s.step";
  return q;
}

// " LIMIT ?4 OFFSET ?5", bound by bind_page (no limit: -1).
void bind_page(sql::Statement& st, const WorklistFilter& f) {
  st.bind(4, static_cast<std::int64_t>(f.limit > 0 ? f.limit : -1)).bind(5, std::max<std::int64_t>(f.offset, 0));
}

void bind_filter(sql::Statement& st, const WorklistFilter& f) {
  st.bind(1, f.power_code).bind(2, f.status ? std::string(to_string(*f.status)) : std::string());
  if (!f.posts.empty())  // replace, not throw, on bytes that are not UTF-8
    st.bind(3, nlohmann::json(f.posts).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

Result<std::vector<CaseRow>> Store::worklist(const WorklistFilter& filter) {
  const WorklistSql w = worklist_sql(filter);
  std::string query;
  if (filter.posts.empty()) {
    const std::string order = filter.urgent_first
        ? "COALESCE(s.urgency, c.due_at, 9223372036854775807), c.opened_at, c.id, s.since, s.step" : w.order;
    query = "SELECT " + kCaseColumns + " FROM cases c LEFT JOIN open_steps s ON s.case_id = c.id WHERE " +
            w.cases_where + " ORDER BY " + order + " LIMIT ?4 OFFSET ?5";
  } else {  // the page of (case, step) keys from the index first, then their rows
    const std::string keys = "SELECT case_id, step FROM open_steps s WHERE " + w.steps_where + " ORDER BY " +
                             (filter.urgent_first ? w.order : "opened_at, case_id, since, step") +
                             " LIMIT ?4 OFFSET ?5";
    query = "SELECT " + kCaseColumns + " FROM (" + keys + ") p JOIN open_steps s ON s.case_id = p.case_id AND "
            "s.step = p.step JOIN cases c ON c.id = s.case_id ORDER BY " + w.order;
  }
  sql::Query q(impl_->db, query);
  bind_filter(*q, filter);
  bind_page(*q, filter);
  std::vector<CaseRow> out;
  sql::Status s = collect(*q, out);
  if (!s.ok()) return error_from(s, path_, "cannot read the worklist");
  return out;
}

Result<std::int64_t> Store::worklist_size(const WorklistFilter& filter) {
  const WorklistSql w = worklist_sql(filter);
  sql::Query q(impl_->db, filter.posts.empty()
                              ? "SELECT count(*) FROM cases c LEFT JOIN open_steps s ON s.case_id = c.id WHERE " +
                                    w.cases_where
                              : "SELECT count(*) FROM open_steps s WHERE " + w.steps_where);
  bind_filter(*q, filter);
  sql::Status s = q->step();
  const std::int64_t n = s.row() ? q->int64(0) : 0;
  if (!s.row()) return error_from(s, path_, "cannot count the worklist");
  return n;
}

Result<std::vector<std::string>> Store::all_case_ids() {
  sql::Query q(impl_->db, "SELECT DISTINCT case_id FROM events ORDER BY case_id");
  std::vector<std::string> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back(q->text(0));
  if (!s.ok()) return error_from(s, path_, "cannot list the cases");
  return out;
}

Result<Done> Store::replace_derived(const std::string& case_id, const CaseRow& row) {
  const std::string what = "cannot rebuild case " + case_id;
  if (row.version < 1) return StoreError{StoreError::invalid, what + ": its version must be at least 1"};
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  std::int64_t seq = 0;
  if (s.ok()) s = store_detail::last_seq(db, case_id, seq);
  if (!s.ok()) return error_from(s, path_, what);
  if (seq == 0) return StoreError{StoreError::not_found, fmt::format("case {} has no events", case_id)};
  s = store_detail::upsert_case(db, case_id, row, row.version);
  if (s.ok()) s = store_detail::replace_open_steps(db, case_id, row);
  if (s.ok()) s = store_detail::replace_timers(db, case_id, row.timers, false);
  if (s.ok()) s = store_detail::replace_warnings(db, case_id, row.warnings, false);
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return Done{};
}

}  // namespace sunlit
