// Timers, warnings and settings (issue 4): the derived clock rows of a case, written with its
// commit, and the reads `sunlit timers`, `sunlit serve`, `sunlit warnings` and `config` use.
#include <fmt/format.h>

#include <map>

#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace store_detail {

namespace {

bool same(const Timer& a, const Timer& b) { return a.kind == b.kind && a.step == b.step && a.due == b.due; }

bool same(const WarningRow& a, const WarningRow& b) {
  return a.colour == b.colour && a.step == b.step && a.post == b.post && a.department == b.department &&
         a.due == b.due && a.raised_at == b.raised_at && a.active == b.active;
}

// The case's stored timers by name.
sql::Status stored_timers(sql::Db& db, const std::string& id, std::map<std::string, Timer>& out) {
  sql::Query q(db, "SELECT name, kind, step, due_at FROM timers WHERE case_id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out[q->text(0)] = Timer{id, q->text(0), q->text(1), q->text(2), q->int64(3), ""};
  return s;
}

// The case's stored warnings by event number.
sql::Status stored_warnings(sql::Db& db, const std::string& id, std::map<std::int64_t, WarningRow>& out) {
  sql::Query q(db,
               "SELECT seq, colour, step, post, department, due_at, raised_at, active FROM warnings "
               "WHERE case_id = ?1");
  q->bind(1, id);
  sql::Status s = q->step();
  for (; s.row(); s = q->step())
    out[q->int64(0)] = WarningRow{id,         q->int64(0), q->text(1),  q->text(2),        q->text(3),
                                  q->text(4), q->int64(5), q->int64(6), q->int64(7) != 0};
  return s;
}

}  // namespace

sql::Status replace_timers(sql::Db& db, const std::string& id, const std::vector<Timer>& timers, bool fresh) {
  std::map<std::string, Timer> old;
  sql::Status s;
  if (!fresh) s = stored_timers(db, id, old);
  for (const auto& t : timers) {
    if (!s.ok()) return s;
    auto it = old.find(t.name);
    bool unchanged = it != old.end() && same(it->second, t);
    if (it != old.end()) old.erase(it);
    if (unchanged) continue;
    sql::Query q(db,
                 "INSERT INTO timers (case_id, name, kind, step, due_at) VALUES (?1, ?2, ?3, ?4, ?5) "
                 "ON CONFLICT (case_id, name) DO UPDATE SET kind = excluded.kind, step = excluded.step, "
                 "due_at = excluded.due_at");
    q->bind(1, id).bind(2, t.name).bind(3, t.kind).bind(4, t.step).bind(5, t.due);
    s = q->run();
  }
  for (const auto& [name, t] : old) {
    if (!s.ok()) return s;
    sql::Query q(db, "DELETE FROM timers WHERE case_id = ?1 AND name = ?2");
    q->bind(1, id).bind(2, name);
    s = q->run();
  }
  return s;
}

sql::Status replace_warnings(sql::Db& db, const std::string& id, const std::vector<WarningRow>& warnings,
                             bool fresh) {
  std::map<std::int64_t, WarningRow> old;
  sql::Status s;
  if (!fresh) s = stored_warnings(db, id, old);
  for (const auto& w : warnings) {
    if (!s.ok()) return s;
    auto it = old.find(w.seq);
    bool unchanged = it != old.end() && same(it->second, w);
    if (it != old.end()) old.erase(it);
    if (unchanged) continue;
    sql::Query q(db,
                 "INSERT INTO warnings (case_id, seq, colour, step, post, department, due_at, raised_at, active) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (case_id, seq) DO UPDATE SET "
                 "colour = excluded.colour, step = excluded.step, post = excluded.post, "
                 "department = excluded.department, due_at = excluded.due_at, raised_at = excluded.raised_at, "
                 "active = excluded.active");
    q->bind(1, id).bind(2, w.seq).bind(3, w.colour).bind(4, w.step).bind(5, w.post).bind(6, w.department);
    q->bind(7, w.due).bind(8, w.raised_at).bind(9, std::int64_t{w.active ? 1 : 0});
    s = q->run();
  }
  for (const auto& [seq, w] : old) {
    if (!s.ok()) return s;
    sql::Query q(db, "DELETE FROM warnings WHERE case_id = ?1 AND seq = ?2");
    q->bind(1, id).bind(2, seq);
    s = q->run();
  }
  return s;
}

}  // namespace store_detail

namespace {

// Reads timers (case_id, name, kind, step, due_at[, held]) until done.
sql::Status collect_timers(sql::Statement& st, std::vector<Timer>& out, bool with_held = false) {
  sql::Status s = st.step();
  for (; s.row(); s = st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.int64(4), with_held ? st.text(5) : ""});
  return s;
}

// Whether timer `t` was set aside at its case's current version (hold_timer).
const std::string kHeld =
    "(t.held_version IS NOT NULL AND t.held_version = (SELECT c.version FROM cases c WHERE c.id = t.case_id))";

}  // namespace

Result<std::optional<Instant>> Store::next_due() {
  // In due order along the index, past the few timers set aside.
  sql::Query q(impl_->db, "SELECT t.due_at FROM timers t WHERE NOT " + kHeld + " ORDER BY t.due_at LIMIT 1");
  sql::Status s = q->step();
  std::optional<Instant> due;
  if (s.row()) due = q->int64(0);
  else if (!s.ok()) return error_from(s, path_, "cannot read the pending timers");
  return due;
}

Result<std::vector<Timer>> Store::due_timers(Instant now, int limit, bool with_held) {
  const std::string columns = "SELECT t.case_id, t.name, t.kind, t.step, t.due_at";
  sql::Query q(impl_->db, with_held ? columns + ", CASE WHEN " + kHeld + " THEN t.held_reason ELSE '' END " +
                                          "FROM timers t WHERE t.due_at <= ?1 ORDER BY t.due_at, t.case_id, t.name LIMIT ?2"
                                    : columns + " FROM timers t WHERE t.due_at <= ?1 AND NOT " + kHeld +
                                          " ORDER BY t.due_at, t.case_id, t.name LIMIT ?2");
  q->bind(1, now).bind(2, std::int64_t{limit > 0 ? limit : -1});
  std::vector<Timer> out;
  sql::Status s = collect_timers(*q, out, with_held);
  if (!s.ok()) return error_from(s, path_, "cannot read the pending timers");
  return out;
}

Result<Done> Store::hold_timer(const std::string& case_id, const std::string& name, std::int64_t version,
                              const std::string& reason) {
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  sql::Query q(db, "UPDATE timers SET held_version = ?3, held_reason = ?4 WHERE case_id = ?1 AND name = ?2");
  q->bind(1, case_id).bind(2, name).bind(3, version).bind(4, reason);
  if (s.ok()) s = q->run();
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, "cannot set aside timer " + name + " of case " + case_id);
  return Done{};
}

Result<std::vector<Timer>> Store::case_timers(const std::string& case_id) {
  sql::Query q(impl_->db, "SELECT case_id, name, kind, step, due_at FROM timers WHERE case_id = ?1 ORDER BY name");
  q->bind(1, case_id);
  std::vector<Timer> out;
  sql::Status s = collect_timers(*q, out);
  if (!s.ok()) return error_from(s, path_, "cannot read the timers of case " + case_id);
  return out;
}

Result<std::vector<WarningRow>> Store::warnings(const WarningFilter& f) {
  sql::Query q(impl_->db,
               "SELECT case_id, seq, colour, step, post, department, due_at, raised_at, active FROM warnings "
               "WHERE (?1 = '' OR department = ?1) AND (?2 = '' OR post = ?2) AND (?3 = '' OR colour = ?3) "
               "AND (?4 = 0 OR active = 1) ORDER BY raised_at, case_id, seq");
  q->bind(1, f.department).bind(2, f.post).bind(3, f.colour).bind(4, std::int64_t{f.active_only ? 1 : 0});
  std::vector<WarningRow> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step())
    out.push_back({q->text(0), q->int64(1), q->text(2), q->text(3), q->text(4), q->text(5), q->int64(6),
                   q->int64(7), q->int64(8) != 0});
  if (!s.ok()) return error_from(s, path_, "cannot read the warnings");
  return out;
}

Result<Done> Store::set_setting(const Setting& setting) {
  const std::string what = "cannot save the setting " + setting.name;
  if (setting.name.empty()) return StoreError{StoreError::invalid, "a setting needs a name"};
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  if (s.ok()) {
    sql::Query q(db,
                 "INSERT INTO settings (name, power_code, value, set_at, set_by) VALUES (?1, ?2, ?3, ?4, ?5) "
                 "ON CONFLICT (name, power_code) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, "
                 "set_by = excluded.set_by");
    q->bind(1, setting.name).bind(2, setting.power_code).bind(3, setting.value).bind(4, setting.set_at);
    q->bind(5, setting.set_by);
    s = q->run();
  }
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, what);
  return Done{};
}

Result<std::vector<Setting>> Store::settings() {
  sql::Query q(impl_->db, "SELECT name, power_code, value, set_at, set_by FROM settings ORDER BY name, power_code");
  std::vector<Setting> out;
  sql::Status s = q->step();
  for (; s.row(); s = q->step()) out.push_back({q->text(0), q->text(1), q->text(2), q->int64(3), q->text(4)});
  if (!s.ok()) return error_from(s, path_, "cannot read the settings");
  return out;
}

}  // namespace sunlit
