// Shared by the store's source files only: the connection behind a Store and
// the translation of SQLite statuses into StoreErrors.
//
// Contract: every sql::Status that leaves the store goes through error_from(),
// so a busy database always becomes StoreError::busy with the same clear
// message and SQLite's own "database is locked" never reaches a user.
#pragma once

#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sqlite.h"
#include "engine/store.h"

namespace sunlit {

// The connection behind a Store and how it was opened.
struct Store::Impl {
  sql::Db db;
  StoreOptions options;
  std::string path;
};

namespace store_detail {

// A StoreError for a failed SQLite call; `what` says what was being done ("cannot deploy ...").
StoreError error_from(const sql::Status& status, const std::string& path, std::string_view what);

// The error for a database that stayed busy longer than the caller's patience.
StoreError busy_error(const std::string& path);

// "open" / "closed" to CaseStatus (anything else reads as closed).
CaseStatus parse_status(const std::string& text);

// Row helpers shared by commit() and replace_derived(); callers hold the write transaction.
// The case's version (0 if it has no row).
sql::Status case_version(sql::Db& db, const std::string& id, std::int64_t& version);
// The same with the case's stored status ("open" / "closed"; untouched if it has no row).
sql::Status case_version(sql::Db& db, const std::string& id, std::int64_t& version, std::string& status);
// The case's last event number (0 if it has none).
sql::Status last_seq(sql::Db& db, const std::string& id, std::int64_t& seq);
// The case's chain head: its last event number and that event's chain hash (0 and "" if it has
// no events). Every write of events moves it, so it is the log's end without scanning the log.
// With `has_events` (the case exists, so its opening event does), a missing head is an error.
sql::Status chain_head(sql::Db& db, const std::string& id, bool has_events, std::int64_t& seq, std::string& hash);
// Appends one case's events (consecutive sequence numbers) with their chain hashes and moves
// the case's chain head to the last of them (engine/chain.h). `prev`: the hash of the event
// before the first (chain_head(), read in the same transaction); null: read here with it.
sql::Status insert_events(sql::Db& db, std::span<const Event> events, const std::string* prev = nullptr);
// SQL functions the migrations call (sunlit_chain_hash).
sql::Status define_sql_functions(sql::Db& db);
// Writes the row of a new case, or replaces every column of an existing one (rebuild).
sql::Status upsert_case(sql::Db& db, const std::string& id, const CaseRow& row, std::int64_t version);
// Makes the case's open steps rows equal to `row`'s, each with its worklist order key (migration
// 005), writing only the rows that differ.
sql::Status replace_open_steps(sql::Db& db, const std::string& id, const CaseRow& row);
// The worklist's order key of an open step: its deadline, else its case's, else no deadline (last).
inline constexpr Instant kNoDeadline = std::numeric_limits<Instant>::max();
inline Instant worklist_urgency(const OpenStep& step, const CaseRow& row) {
  return step.due ? *step.due : row.due ? *row.due : kNoDeadline;
}
// Makes the case's timers and warnings rows equal to `row`'s, writing only what differs
// (store_timers.cpp); `fresh`: the case has no rows yet (a new case), so nothing is read.
sql::Status replace_timers(sql::Db& db, const std::string& id, const std::vector<Timer>& timers, bool fresh);
sql::Status replace_warnings(sql::Db& db, const std::string& id, const std::vector<WarningRow>& warnings, bool fresh);

}  // namespace store_detail
}  // namespace sunlit
