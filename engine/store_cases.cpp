// The one write path of cases: events first, then the derived rows (case, open steps, timers,
// warnings), in one transaction.
#include <fmt/format.h>

#include <map>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace store_detail {

sql::Status case_version(sql::Db& db, const std::string& id, std::int64_t& version) {
  sql::Query q(db, "SELECT version FROM cases WHERE id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  version = s.row() ? q->int64(0) : 0;
  return s.row() ? sql::Status{} : s;
}

sql::Status case_version(sql::Db& db, const std::string& id, std::int64_t& version, std::string& status) {
  sql::Query q(db, "SELECT version, status FROM cases WHERE id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  version = s.row() ? q->int64(0) : 0;
  if (s.row()) status = q->text(1);
  return s.row() ? sql::Status{} : s;
}

sql::Status last_seq(sql::Db& db, const std::string& id, std::int64_t& seq) {
  sql::Query q(db, "SELECT coalesce(max(seq), 0) FROM events WHERE case_id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  seq = s.row() ? q->int64(0) : 0;
  return s.row() ? sql::Status{} : s;
}

sql::Status upsert_case(sql::Db& db, const std::string& id, const CaseRow& row, std::int64_t version) {
  sql::Query q(db,
               "INSERT INTO cases (id, definition_id, power_code, party, opened_at, status, outcome, version, "
               "snapshot, updated_at, due_at, warning) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
               "ON CONFLICT (id) DO UPDATE SET definition_id = excluded.definition_id, "
               "power_code = excluded.power_code, party = excluded.party, opened_at = excluded.opened_at, "
               "status = excluded.status, outcome = excluded.outcome, version = excluded.version, "
               "snapshot = excluded.snapshot, updated_at = excluded.updated_at, due_at = excluded.due_at, "
               "warning = excluded.warning");
  q->bind(1, id).bind(2, row.definition_id).bind(3, row.power_code).bind(4, row.party).bind(5, row.opened_at);
  q->bind(6, to_string(row.status)).bind(7, row.outcome).bind(8, version).bind(9, row.snapshot);
  q->bind(10, row.updated_at).bind(12, row.warning);
  if (row.due) q->bind(11, *row.due);
  else q->bind_null(11);
  return q->run();
}

namespace {

// The row of a case that exists (its version was just checked): what a change can alter. The
// opening columns (definition, power, party, opening time) come from the case's first event and
// never change, and the status is written only when it changes: leaving them out spares the
// foreign-key lookup of the definition and the rewrite of the case's status index entry.
sql::Status update_case(sql::Db& db, const std::string& id, const CaseRow& row, std::int64_t version,
                        bool status_changed) {
  sql::Query q(db, status_changed ? "UPDATE cases SET outcome = ?3, version = ?4, snapshot = ?5, updated_at = ?6, "
                                    "due_at = ?7, warning = ?8, status = ?2 WHERE id = ?1"
                                  : "UPDATE cases SET outcome = ?3, version = ?4, snapshot = ?5, updated_at = ?6, "
                                    "due_at = ?7, warning = ?8 WHERE id = ?1");
  q->bind(1, id).bind(3, row.outcome).bind(4, version).bind(5, row.snapshot);
  if (status_changed) q->bind(2, to_string(row.status));
  q->bind(6, row.updated_at).bind(8, row.warning);
  if (row.due) q->bind(7, *row.due);
  else q->bind_null(7);
  return q->run();
}

bool same(const OpenStep& a, const OpenStep& b) {
  return a.post == b.post && a.department == b.department && a.since == b.since && a.due == b.due &&
         a.warning == b.warning;
}

// A stored open step with the two order-key columns it was written with.
struct StoredStep {
  OpenStep step;
  Instant urgency = 0;
  Instant opened_at = 0;
};

// The case's stored open steps by step name.
sql::Status stored_steps(sql::Db& db, const std::string& id, std::map<std::string, StoredStep>& out) {
  sql::Query q(db,
               "SELECT step, post, department, since, due_at, warning, urgency, opened_at FROM open_steps "
               "WHERE case_id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) {
    std::optional<Instant> due;
    if (!q->is_null(4)) due = q->int64(4);
    out[q->text(0)] = StoredStep{{q->text(0), q->text(1), q->text(2), q->int64(3), due, q->text(5)},
                                 q->int64(6), q->int64(7)};
  }
  return s;
}

}  // namespace

// Writes only the rows that differ: an advance usually closes one step and opens another, and
// rewriting every row would touch the table and its three indexes for the unchanged ones too.
sql::Status replace_open_steps(sql::Db& db, const std::string& id, const CaseRow& row) {
  std::map<std::string, StoredStep> old;
  sql::Status s = stored_steps(db, id, old);
  for (const auto& step : row.open_steps) {
    if (!s.ok()) return s;
    const Instant urgency = worklist_urgency(step, row);
    auto it = old.find(step.step);
    const bool found = it != old.end();
    const bool unchanged =
        found && same(it->second.step, step) && it->second.urgency == urgency && it->second.opened_at == row.opened_at;
    if (found) old.erase(it);
    if (unchanged) continue;
    sql::Query q(db, found ? "UPDATE open_steps SET post = ?3, department = ?4, since = ?5, due_at = ?6, "
                             "warning = ?7, urgency = ?8, opened_at = ?9 WHERE case_id = ?1 AND step = ?2"
                           : "INSERT INTO open_steps (case_id, step, post, department, since, due_at, warning, "
                             "urgency, opened_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    q->bind(1, id).bind(2, step.step).bind(3, step.post).bind(4, step.department).bind(5, step.since);
    q->bind(7, step.warning).bind(8, urgency).bind(9, row.opened_at);
    if (step.due) q->bind(6, *step.due);
    else q->bind_null(6);
    s = q->run();
  }
  for (const auto& [name, stored] : old) {
    if (!s.ok()) return s;
    sql::Query q(db, "DELETE FROM open_steps WHERE case_id = ?1 AND step = ?2");
    q->bind(1, id).bind(2, name);
    s = q->run();
  }
  return s;
}

}  // namespace store_detail

namespace {

using namespace store_detail;

// Gives out the next number of `year`: "2026-000001".
sql::Status allocate_number(sql::Db& db, int year, std::string& id) {
  sql::Query q(db,
               "INSERT INTO case_counters (year, last) VALUES (?1, 1) "
               "ON CONFLICT (year) DO UPDATE SET last = last + 1 RETURNING last");
  q->bind(1, std::int64_t{year});
  sql::Status s = q->step();
  if (!s.row()) return s;
  id = fmt::format("{:04}-{:06}", year, q->int64(0));
  return q->run();
}

// Whether a definition with this id was deployed (a new case must run on one).
sql::Status definition_exists(sql::Db& db, std::int64_t id, bool& exists) {
  sql::Query q(db, "SELECT 1 FROM definitions WHERE id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  exists = s.row();
  return s.row() ? sql::Status{} : s;
}

// Refuses a change that cannot be right whatever the database holds.
std::optional<StoreError> check_change(const CaseChange& c) {
  if (c.events.empty()) return StoreError{StoreError::invalid, "a change of a case must record at least one event"};
  if (c.case_id.empty() && (c.year < 1 || c.year > 9999))
    return StoreError{StoreError::invalid, fmt::format("a new case needs a year for its number (got {})", c.year)};
  if (c.case_id.empty() && c.expected_version != 0)
    return StoreError{StoreError::invalid, "a new case is committed with expected version 0"};
  return std::nullopt;
}

// The version check of optimistic concurrency: the case must be as the caller loaded it.
std::optional<StoreError> check_version(const std::string& id, std::int64_t expected, std::int64_t now) {
  if (now == expected) return std::nullopt;
  if (now == 0) return StoreError{StoreError::not_found, fmt::format("case {} not found", id)};
  if (expected == 0) return StoreError{StoreError::conflict, fmt::format("case {} already exists", id)};
  return StoreError{StoreError::conflict,
                    fmt::format("case {} changed since you loaded it (version {}, now {}); reload and try again", id,
                                expected, now)};
}

}  // namespace

Result<CommitInfo> Store::commit(const CaseChange& change) {
  if (auto bad = check_change(change)) return *bad;
  std::string what = "cannot record the change of case " + (change.case_id.empty() ? "(new)" : change.case_id);
  sql::Transaction tx(impl_->db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (!s.ok()) return error_from(s, path_, what);
  auto info = write_change(change);
  if (!info) return info;
  if (auto crash = crash_at(FaultPoint::before_commit)) return *crash;
  s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return info;
}

Result<std::vector<Result<CommitInfo>>> Store::commit_each(std::span<const CaseChange> changes) {
  const std::string what = fmt::format("cannot record the changes of {} cases", changes.size());
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (!s.ok()) return error_from(s, path_, what);
  std::vector<Result<CommitInfo>> out;
  for (const CaseChange& change : changes) {
    if (auto bad = check_change(change)) {
      out.emplace_back(*bad);
      continue;
    }
    s = db.exec("SAVEPOINT one_change");
    if (!s.ok()) return error_from(s, path_, what);
    auto info = write_change(change);
    if (!info && info.error().kind != StoreError::conflict && info.error().kind != StoreError::not_found)
      return info.error();  // the database failed (not this change): nothing of the batch is kept
    s = db.exec(info ? "RELEASE one_change" : "ROLLBACK TO one_change; RELEASE one_change");
    if (!s.ok()) return error_from(s, path_, what);
    out.push_back(std::move(info));
  }
  if (auto crash = crash_at(FaultPoint::before_commit)) return *crash;
  s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return out;
}

Result<CommitInfo> Store::write_change(const CaseChange& change) {
  std::string what = "cannot record the change of case " + (change.case_id.empty() ? "(new)" : change.case_id);
  sql::Db& db = impl_->db;
  sql::Status s;
  CommitInfo info{change.case_id, change.expected_version + 1, 0, 0};
  if (info.case_id.empty()) s = allocate_number(db, change.year, info.case_id);
  if (!s.ok()) return error_from(s, path_, what);
  if (auto crash = crash_at(FaultPoint::after_number)) return *crash;

  std::int64_t now = 0;
  std::string status;
  s = case_version(db, info.case_id, now, status);
  if (!s.ok()) return error_from(s, path_, what);
  if (auto refused = check_version(info.case_id, change.expected_version, now)) return *refused;
  if (change.expected_version == 0) {
    bool deployed = false;
    s = definition_exists(db, change.row.definition_id, deployed);
    if (!s.ok()) return error_from(s, path_, what);
    if (!deployed)
      return StoreError{StoreError::not_found,
                        fmt::format("no deployed definition has id {}", change.row.definition_id)};
  }

  std::string head_hash;  // the log's end from its chain head: one lookup for both
  s = chain_head(db, info.case_id, change.expected_version != 0, info.last_seq, head_hash);
  info.first_seq = info.last_seq + 1;
  std::vector<Event> stored = change.events;
  for (auto& e : stored) {
    e.case_id = info.case_id;
    e.seq = ++info.last_seq;
    e.version = info.version;
  }
  if (s.ok()) s = insert_events(db, stored, &head_hash);
  if (!s.ok()) return error_from(s, path_, what);
  if (auto crash = crash_at(FaultPoint::after_events)) return *crash;

  s = change.expected_version == 0 ? upsert_case(db, info.case_id, change.row, info.version)
                                    : update_case(db, info.case_id, change.row, info.version,
                                                  status != to_string(change.row.status));
  if (!s.ok()) return error_from(s, path_, what);
  if (auto crash = crash_at(FaultPoint::after_case_row)) return *crash;
  s = replace_open_steps(db, info.case_id, change.row);
  if (!s.ok()) return error_from(s, path_, what);
  if (auto crash = crash_at(FaultPoint::after_open_steps)) return *crash;
  const bool fresh = change.expected_version == 0;
  s = replace_timers(db, info.case_id, change.row.timers, fresh);
  if (s.ok()) s = replace_warnings(db, info.case_id, change.row.warnings, fresh);
  if (!s.ok()) return error_from(s, path_, what);
  if (auto crash = crash_at(FaultPoint::after_timers)) return *crash;
  return info;
}

Result<std::int64_t> Store::append_refusal(const std::string& case_id, const Event& event) {
  const std::string what = "cannot record the refused attempt on case " + case_id;
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  std::int64_t version = 0;
  if (s.ok()) s = case_version(db, case_id, version);
  if (!s.ok()) return error_from(s, path_, what);
  if (version == 0) return StoreError{StoreError::not_found, fmt::format("case {} not found", case_id)};
  Event stored = event;
  stored.case_id = case_id;
  stored.kind = "refused";
  stored.version = version;
  std::string head_hash;
  s = chain_head(db, case_id, true, stored.seq, head_hash);
  ++stored.seq;
  if (s.ok()) s = insert_events(db, std::span<const Event>(&stored, 1), &head_hash);
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return stored.seq;
}

}  // namespace sunlit
