// The store: sunlit's durable state in one SQLite file, and the only part of
// sunlit that speaks SQL.
//
// Contract: errors are values (Result<T>), nothing throws out of the store.
// open() creates the file on first use, refuses files that are not ours
// (not SQLite, another application's, or made by a newer sunlit) with an
// error naming the file, and brings an older sunlit database up to date in
// one transaction. Deployed organisations and definitions are immutable
// versions, deduplicated by content hash. The event log is the truth: it is
// only ever appended to. The `cases` rows and their open steps are derived
// from it, and so are a case's deadlines, pending timers and raised cards
// (issue 4); commit() writes a change's events and all its derived rows in one
// BEGIN IMMEDIATE transaction after checking the case's version
// (optimistic concurrency), so a change is all or nothing and two writers
// of one case cannot both win. A busy database is waited for within a
// bound, then reported as `busy`; "database is locked" never reaches a user.
// The store does not read the clock: every instant comes from the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/clock.h"

namespace sunlit {

// What went wrong in the store, as a value; `message` is plain text naming the thing.
struct StoreError {
  enum Kind { not_found, conflict, busy, foreign, newer, io, invalid };
  Kind kind = io;
  std::string message;
};

// Stable spelling of an error kind ("not_found", "conflict", ...), for --json.
const char* to_string(StoreError::Kind kind);

// Either a T or a StoreError.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(StoreError error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const StoreError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, StoreError> v_;
};

// The value of a Result that has nothing to return.
struct Done {};

// One numbered schema migration (schema/migrations/NNN_name.sql, embedded at build time).
struct Migration {
  int number = 0;
  std::string_view name;
  std::string_view sql;
};

// The migrations compiled into this build, numbered 1..n.
std::span<const Migration> embedded_migrations();

// PRAGMA application_id of every sunlit database ("SUNL").
inline constexpr std::int32_t kApplicationId = 0x53554E4C;

// How hard SQLite makes each commit durable.
enum class Durability {
  full,   // synchronous=FULL: an acknowledged change survives power loss (default)
  normal,  // synchronous=NORMAL: survives a crash of sunlit, may lose the last changes on power loss
  group    // synchronous=NORMAL, and a change is durable once a later Store::log_sync() call
           // returns: for group commit (engine/group_commit.h), never acknowledge before that
};

// How to open a store.
struct StoreOptions {
  Durability durability = Durability::full;
  // The longest a call waits for another writer before answering `busy`.
  std::chrono::milliseconds busy_timeout{5000};
  // The migrations to apply; empty means embedded_migrations() (tests pass their own).
  std::span<const Migration> migrations{};
};

// An organisation file as deployed.
struct OrganisationRecord {
  std::int64_t id = 0;
  std::string name;
  std::string content_hash;  // "sha1:<40 hex>" of the YAML text
  std::string yaml;
  Instant deployed_at = 0;
  std::string deployed_by;
};

// One immutable version of a process definition.
struct DefinitionRecord {
  std::int64_t id = 0;
  std::string power_code;
  int version = 0;  // 1..n per power code
  std::string content_hash;
  std::string yaml;
  std::int64_t organisation_id = 0;
  Instant deployed_at = 0;
  std::string deployed_by;
};

// What deploying did: the row's id and version, and whether it is new.
struct Deployed {
  std::int64_t id = 0;
  int version = 0;       // definitions: 1..n; organisations: 0
  bool created = false;  // false: identical content was deployed before, nothing written
};

// One fact in the event log.
struct Event {
  std::string case_id;         // assigned by the store on commit
  std::int64_t seq = 0;        // 1..n per case, assigned by the store
  std::int64_t version = 0;    // the case version this event belongs to, assigned by the store
  Instant at = 0;
  std::string actor;           // official id, "party" or "system"
  std::string post;            // the post the actor acted in ("" if none)
  std::string kind;            // e.g. "opened", "advanced", "refused"
  std::string payload = "{}";  // JSON text
};

// One stored event as a bulk read hands it over: views into the database's row (Store::scan_events).
struct EventView {
  std::string_view case_id;
  std::int64_t seq = 0;
  Instant at = 0;
  std::string_view actor, post, kind, payload;
};

// Whether a case still runs.
enum class CaseStatus { open, closed };
const char* to_string(CaseStatus status);

// A step of a case waiting for an official in a post.
struct OpenStep {
  std::string step;
  std::string post;
  std::string department;
  Instant since = 0;
  std::optional<Instant> due;  // the step's deadline, if it has a limit
  std::string warning;         // "", "yellow" or "red": the strongest card raised on it
};

// A pending timer of an open case, derived from its state (issue 4).
struct Timer {
  std::string case_id;  // filled by reads; commit() uses the change's case
  std::string name;     // unique within the case: "step:review:yellow", "case:red", ...
  std::string kind;     // "yellow", "red" or "elapse" (a wait window or deemed outcome)
  std::string step;     // "" for the case's own limit
  Instant due = 0;
  std::string held;     // reads: why it was set aside (it could not fire at the case's current version), else ""
};

// A yellow or red card raised on a case, derived from the event that raised it.
struct WarningRow {
  std::string case_id;  // filled by reads
  std::int64_t seq = 0; // the event that raised it
  std::string colour;   // "yellow" or "red"
  std::string step;     // "" for the case limit
  std::string post, department;
  Instant due = 0;      // the deadline it warns about
  Instant raised_at = 0;
  bool active = true;   // the step (or case) is still open
};

// Which cards `sunlit warnings` lists.
struct WarningFilter {
  std::string department, post, colour;  // empty: any
  bool active_only = true;
};

// A calendar data file imported into the database.
struct CalendarFileRecord {
  std::int64_t id = 0;
  std::string source;
  std::optional<int> year;  // unset: a local override
  bool local = false;
  std::string content;      // the file's JSON text
  Instant imported_at = 0;
  std::string imported_by;
};

// A deployment setting, for every power (power_code "") or one.
struct Setting {
  std::string name, power_code, value;
  Instant set_at = 0;
  std::string set_by;
};

// What acting on a case reads of its row: the version, the definition it runs on and its snapshot.
struct CaseStateRow {
  std::int64_t definition_id = 0;
  std::int64_t version = 0;
  std::string snapshot;  // the state as JSON (CaseState::to_json)
};

// The derived state of a case: its `cases` row and its open steps.
struct CaseRow {
  std::string id;
  std::int64_t definition_id = 0;
  std::string power_code;
  std::string party;
  Instant opened_at = 0;
  CaseStatus status = CaseStatus::open;
  std::string outcome;           // "" while open
  std::int64_t version = 0;      // commit() assigns expected_version + 1
  std::string snapshot = "{}";   // JSON text owned by the runtime
  Instant updated_at = 0;
  std::vector<OpenStep> open_steps;
  std::optional<Instant> due;    // the case deadline while its clock runs
  std::string warning;           // "", "yellow" or "red": strongest card on the case or an open step
  std::vector<Timer> timers;     // replaced on every commit (loads leave it empty)
  std::vector<WarningRow> warnings;  // replaced on every commit (loads leave it empty)
};

// One state change of a case: its new events and its new derived row.
struct CaseChange {
  std::string case_id;               // "" opens a new case numbered in `year`
  int year = 0;                      // for a new case: the year of its number
  std::int64_t expected_version = 0; // the version the change was computed from; 0 for a new case
  std::vector<Event> events;         // at least one; case_id, seq and version are assigned
  CaseRow row;                       // id and version are assigned
};

// What a successful commit wrote.
struct CommitInfo {
  std::string case_id;
  std::int64_t version = 0;
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
};

// Which cases a worklist shows.
struct WorklistFilter {
  std::vector<std::string> posts;    // non-empty: cases with an open step in one of these posts
  std::string power_code;            // non-empty: cases of this power only
  std::optional<CaseStatus> status;  // unset: open and closed
  bool urgent_first = false;         // urgency order (below) instead of opening order
  int limit = 0;                     // at most this many (case, step) rows; 0: all
  std::int64_t offset = 0;           // rows skipped first (the pages before)
};

// The head of a case's hash chain: its last event and that event's hash (engine/chain.h).
struct ChainHead {
  std::string case_id;
  std::int64_t seq = 0;
  std::string hash;
};

// An anchor: one digest over every chain head, taken to be published or kept elsewhere.
struct AnchorRecord {
  std::string digest;
  Instant made_at = 0;
  std::string made_by;
  std::int64_t cases = 0;
  bool created = false;  // false: the heads were unchanged since an earlier anchor with this digest
};

// An event with its case's power code and definition, for supervision and reports (issue 5).
struct LoggedEvent {
  Event event;
  std::string power_code;
  std::int64_t definition_id = 0;
};

// Which events supervision and reports read: kinds, a period [from, to), a power.
struct EventQuery {
  std::vector<std::string> kinds;   // empty: every kind
  std::optional<Instant> from, to;  // unset: open-ended
  std::string power_code;           // empty: any
};

// A complaint case (an `opened` event whose payload has complaint_of) and the case complained
// about, with that case's power code ("" if it is not in the database).
struct ComplaintRow {
  std::string case_id, complaint_of, power_code;
  Instant at = 0;
};

struct VerifyReport;  // engine/audit.h

// A complaint case as `complaint list` shows it (issue 5 item 6): its `opened` event names the
// case complained about.
struct ComplaintCase {
  std::string id, complaint_of, channel, power_code, party, outcome;
  Instant opened_at = 0;
  CaseStatus status = CaseStatus::open;
};

// Points inside commit() where a test can make it fail (leveldb-style fault injection).
// after_timers: after the case's timers and warnings rows are written.
enum class FaultPoint { none, after_number, after_events, after_case_row, after_open_steps, after_timers, before_commit };

// A sunlit database, open. One Store is one connection: use it from one thread at a time.
class Store {
 public:
  // Opens (creating on first use) the database at `path`.
  static Result<std::unique_ptr<Store>> open(const std::string& path, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  // Another connection to the same database with the same options (for a reader on another
  // thread, e.g. GroupCommit's: WAL lets it read while this one writes).
  Result<std::unique_ptr<Store>> reopen() const;
  // PRAGMA user_version: the number of migrations applied.
  Result<int> schema_version();

  // Deployment: immutable versions; identical content returns the existing row.
  Result<Deployed> deploy_organisation(const std::string& name, const std::string& yaml,
                                       const std::string& by, Instant at);
  Result<Deployed> deploy_definition(const std::string& power_code, const std::string& yaml,
                                     std::int64_t organisation_id, const std::string& by, Instant at);
  Result<std::vector<DefinitionRecord>> versions(const std::string& power_code);
  Result<DefinitionRecord> definition(const std::string& power_code, int version);
  Result<DefinitionRecord> latest(const std::string& power_code);
  Result<DefinitionRecord> definition_by_id(std::int64_t id);
  Result<OrganisationRecord> organisation_by_id(std::int64_t id);
  Result<std::vector<std::int64_t>> organisation_ids();  // every organisation deployed definitions use

  // The one write path of cases: events + derived row, one transaction, version-checked.
  Result<CommitInfo> commit(const CaseChange& change);
  // Makes every commit of this store written so far durable (one fdatasync of the WAL); may be
  // called from another thread while this store commits. With Durability::group, a change is
  // acknowledged only after such a call returns nullopt (engine/group_commit.h).
  using LogSync = std::function<std::optional<StoreError>()>;
  Result<LogSync> log_sync();
  // Several changes in one transaction (one durable write, e.g. a timer tick's): each is written
  // as commit() writes it, or refused alone (conflict, not found, invalid: its result says so,
  // nothing of it kept) without stopping the others; a failure of the database keeps none.
  Result<std::vector<Result<CommitInfo>>> commit_each(std::span<const CaseChange> changes);
  // Records a refused attempt (kind "refused", next seq) without touching the case's version or row.
  Result<std::int64_t> append_refusal(const std::string& case_id, const Event& event);

  // Reads.
  Result<CaseRow> load_case(const std::string& id);
  // Only what acting on the case needs (no open steps, no other columns); the snapshot is left
  // empty unless `with_snapshot`.
  Result<CaseStateRow> case_state(const std::string& id, bool with_snapshot);
  Result<std::vector<Event>> events(const std::string& case_id);  // in seq order; none if unknown
  // Matching cases by opening time, without snapshots; with `posts`, only the steps in those posts.
  // `urgent_first`: by urgency instead — the step's deadline, else the case's, none last; ties by
  // opening time, case, step — where a case whose steps are apart comes as one row per run of
  // steps. Paged by `limit`/`offset` counted in (case, open step) rows, a case without one a row.
  Result<std::vector<CaseRow>> worklist(const WorklistFilter& filter);
  // How many (case, open step) rows worklist() gives for `filter` without its limit and offset.
  Result<std::int64_t> worklist_size(const WorklistFilter& filter);
  Result<std::vector<std::string>> all_case_ids();  // every case in the event log
  // Bulk reads for whole-database replay (store_scan.cpp): every event of the cases from `first`
  // up to but not including `end` ("": to the last case), in case and sequence order, handed to
  // `f` as views valid only during the call, without a copy; `f` returns false to stop. Returns
  // the number of events read.
  Result<std::int64_t> scan_events(const std::string& first, const std::string& end,
                                   const std::function<bool(const EventView&)>& f);
  // Every case with a row, by id.
  Result<std::vector<std::string>> case_ids();
  // The stored snapshot text of a case ("" if the case has no row).
  Result<std::string> snapshot_text(const std::string& case_id);
  // Complaint cases about `case_id` ("" : every complaint), by opening time (store_complaints.cpp).
  Result<std::vector<ComplaintCase>> complaints_about(const std::string& case_id);

  // Timers (issue 4). The earliest pending timer; the due ones (due <= now) in due order
  // (ties by case id, then name), at most `limit` (0: all); `sunlit timers list` passes the
  // latest instant it wants, `with_held` to see the timers set aside too (Timer::held). One
  // case's pending timers, by name.
  Result<std::optional<Instant>> next_due();
  Result<std::vector<Timer>> due_timers(Instant now, int limit, bool with_held = false);
  // Sets a timer aside: it could not fire at case version `version` for `reason`; due_timers()
  // and next_due() skip it until the case's version moves (migration 006).
  Result<Done> hold_timer(const std::string& case_id, const std::string& name, std::int64_t version,
                          const std::string& reason);
  Result<std::vector<Timer>> case_timers(const std::string& case_id);
  // Raised cards matching the filter, oldest first (raised_at, case, seq).
  Result<std::vector<WarningRow>> warnings(const WarningFilter& filter);

  // Calendar files and settings (issue 4): inputs people give, append-only / last write wins.
  Result<Done> import_calendar(const CalendarFileRecord& file);
  Result<std::vector<CalendarFileRecord>> calendar_files();  // in import order
  Result<Done> set_setting(const Setting& setting);
  Result<std::vector<Setting>> settings();

  // Tamper evidence (issue 5). Checks every chain (or one case's) against its head and, with
  // `anchor` (a digest from make_anchor), that each chain passes through the anchored heads.
  // One read transaction; an unknown anchor is not_found.
  Result<VerifyReport> verify_chains(const std::string& case_id, const std::string& anchor = "");
  Result<AnchorRecord> make_anchor(Instant at, const std::string& by);
  Result<std::vector<ChainHead>> chain_heads();

  // Supervision and reports (issue 5, engine/store_report.cpp). Matching events in (at, case,
  // seq) order; the cases with a matching event, by id; complaints opened in the period.
  Result<std::vector<LoggedEvent>> logged_events(const EventQuery& query);
  Result<std::vector<std::string>> active_cases(const EventQuery& query);
  Result<std::vector<ComplaintRow>> complaints(std::optional<Instant> from, std::optional<Instant> to);

  // Rebuild: replaces the derived row, open steps, timers and warnings of a case that has events
  // (version as given).
  Result<Done> replace_derived(const std::string& case_id, const CaseRow& row);
  // Bulk load (bench/gen_cases.cpp, store_bulk.cpp): new cases written whole, all in one
  // transaction, by commit()'s row code — each change with its case id, its events numbered
  // from 1 with their versions, and its derived row (row.version); no version check. Raises
  // each year's case counter past the numbers used.
  Result<Done> bulk_load(std::span<const CaseChange> cases);

  // The definition cache (migration 007, store_definition_cache.cpp): each definition version
  // loaded, in engine/definition_codec.h's binary form. Derived data, never audited. The body
  // stored for `definition_id` in `format` (nullopt: none); storing one replaces the row in its
  // own short transaction and waits for a busy database only briefly (callers treat any error
  // as "not cached"); clearing empties the table (`admin rebuild`).
  Result<std::optional<std::string>> cached_definition(std::int64_t definition_id, int format);
  Result<Done> cache_definition(std::int64_t definition_id, int format, std::string_view body);
  Result<Done> clear_definition_cache();

  // A consistent copy of the whole database (the WAL's recent commits included) into a new file
  // at `path` (VACUUM INTO); refuses a path that exists. Copying the .db file alone is not a
  // backup: sunlit leaves recent commits in the -wal file between processes.
  Result<Done> backup_to(const std::string& path);

  // Test hook: the next commit() (or commit_each()) fails at `point` with an io error, as a crash there would.
  void fail_next_commit_at(FaultPoint point) { fault_ = point; }

 private:
  struct Impl;
  Store(std::string path, std::unique_ptr<Impl> impl);
  // The injected failure if `point` is the one asked for (then cleared), else nullopt.
  std::optional<StoreError> crash_at(FaultPoint point);
  // Writes one change inside the caller's transaction (commit(), commit_each()).
  Result<CommitInfo> write_change(const CaseChange& change);

  std::string path_;
  std::unique_ptr<Impl> impl_;
  FaultPoint fault_ = FaultPoint::none;
};

}  // namespace sunlit
