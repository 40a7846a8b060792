// Opening a store: recognising our file, pragmas, and the numbered migrations.
#include <fmt/format.h>
#include <sqlite3.h>

#include "engine/store_internal.h"
#include "engine/store_vfs.h"

namespace sunlit {
namespace store_detail {
namespace {

// Whether SQLite failed because the file (or its WAL or shared-memory file) could not grow: a
// full disk (SQLITE_FULL), or a write the file system refused (a quota, a file size limit).
bool cannot_grow(int code) {
  return (code & 0xFF) == SQLITE_FULL || code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_SHMSIZE ||
         code == SQLITE_IOERR_TRUNCATE;
}

}  // namespace

StoreError error_from(const sql::Status& status, const std::string& path, std::string_view what) {
  switch (status.rc) {
    case sql::Rc::busy: return busy_error(path);
    case sql::Rc::constraint: return {StoreError::invalid, fmt::format("{}: {}", what, status.message)};
    case sql::Rc::not_a_db:
      return {StoreError::foreign, fmt::format("{} is not a sunlit database (not an SQLite file); it was left untouched",
                                               path)};
    case sql::Rc::read_only:
      return {StoreError::io, fmt::format("{}: the database {} is read-only", what, path)};
    case sql::Rc::cant_open:
      return {StoreError::io, fmt::format("{}: {} or its journal files cannot be opened for writing (does the "
                                          "folder exist, and may this user write there?)",
                                          what, path)};
    default:
      if (cannot_grow(status.code))
        return {StoreError::io, fmt::format("{}: {} cannot grow: the disk is full or the file system refused the "
                                            "write ({}); free some space and try again",
                                            what, path, status.message)};
      return {StoreError::io, fmt::format("{}: {} ({})", what, status.message, path)};
  }
}

StoreError busy_error(const std::string& path) {
  return {StoreError::busy,
          fmt::format("the database {} is busy (another sunlit is writing to it); try again", path)};
}

CaseStatus parse_status(const std::string& text) { return text == "open" ? CaseStatus::open : CaseStatus::closed; }

}  // namespace store_detail

using store_detail::error_from;

const char* to_string(StoreError::Kind kind) {
  switch (kind) {
    case StoreError::not_found: return "not_found";
    case StoreError::conflict: return "conflict";
    case StoreError::busy: return "busy";
    case StoreError::foreign: return "foreign";
    case StoreError::newer: return "newer";
    case StoreError::io: return "io";
    case StoreError::invalid: return "invalid";
  }
  return "io";
}

const char* to_string(CaseStatus status) { return status == CaseStatus::open ? "open" : "closed"; }

namespace {

// What the file's header and schema say about who made it.
struct Mark {
  std::int64_t application_id = 0;
  std::int64_t user_version = 0;
  std::int64_t objects = 0;  // tables, indexes, triggers, views
};

// Reads one integer from a single-row query.
sql::Status read_int(sql::Db& db, const std::string& query, std::int64_t& out) {
  sql::Statement st = db.prepare(query);
  sql::Status s = st.step();
  if (s.row()) out = st.int64(0);
  return s.row() ? sql::Status{} : s;
}

// Reads the mark; fails with not_a_db on a file that is not SQLite.
sql::Status read_mark(sql::Db& db, Mark& mark) {
  sql::Status s = read_int(db, "PRAGMA application_id", mark.application_id);
  if (s.ok()) s = read_int(db, "PRAGMA user_version", mark.user_version);
  if (s.ok()) s = read_int(db, "SELECT count(*) FROM sqlite_schema", mark.objects);
  return s;
}

// Refuses a file that is not a sunlit database this build can use; nullopt if it is ours or empty.
std::optional<StoreError> check_mark(const Mark& mark, const std::string& path, int known) {
  if (mark.application_id != 0 && mark.application_id != kApplicationId)
    return StoreError{StoreError::foreign,
                      fmt::format("{} belongs to another application (application_id {:#010x}), not to sunlit; "
                                  "it was left untouched",
                                  path, static_cast<std::uint32_t>(mark.application_id))};
  if (mark.application_id == 0 && (mark.objects > 0 || mark.user_version != 0))
    return StoreError{StoreError::foreign,
                      fmt::format("{} is an SQLite database of another application (it has {} schema objects "
                                  "and no sunlit mark); it was left untouched",
                                  path, mark.objects)};
  if (mark.user_version > known)
    return StoreError{StoreError::newer,
                      fmt::format("{} was made by a newer sunlit (schema version {}; this sunlit knows up to {}); "
                                  "upgrade sunlit to open it",
                                  path, mark.user_version, known)};
  return std::nullopt;
}

// Numbers must run 1..n: a build with a hole in its migrations must not touch data.
std::optional<StoreError> check_numbering(std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i)
    if (migrations[i].number != static_cast<int>(i + 1))
      return StoreError{StoreError::invalid, fmt::format("migration {} ('{}') is out of sequence: expected {}",
                                                         migrations[i].number, migrations[i].name, i + 1)};
  return std::nullopt;
}

// Frames (4 KB pages) the WAL may hold when a connection closes before that close empties it.
// Below it, closing leaves the WAL for the next process: a command then costs one WAL fsync
// (its commit) instead of five (new WAL header, its directory, the commit, and the close
// checkpoint's WAL and database fsyncs), and the next process replays at most this many
// frames into its WAL index. An advance writes about 6 frames.
constexpr int kWalFramesKeptOnClose = 256;

// WAL, durability, foreign keys: per connection, outside any transaction.
sql::Status set_pragmas(sql::Db& db, Durability durability) {
  sql::Statement wal = db.prepare("PRAGMA journal_mode=WAL");
  sql::Status s = wal.step();
  if (s.row() && wal.text(0) != "wal")
    return {sql::Rc::io, 0, "cannot switch to write-ahead logging (journal_mode is " + wal.text(0) + ")"};
  if (!s.row()) return s;
  wal.reset();
  s = db.exec(durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  if (s.ok()) s = db.exec("PRAGMA foreign_keys=ON");
  // Temporary b-trees (IN lists, sorts: ~4 per commit) in memory, not in a temp file's pager:
  // measured 50,648 -> 1,058 page faults and 15% less CPU over 5,500 durable steps.
  if (s.ok()) s = db.exec("PRAGMA temp_store=MEMORY");
  if (s.ok()) s = db.keep_wal_on_close(kWalFramesKeptOnClose);
  return s;
}

// Applies the missing migrations and the mark, all in one transaction.
std::optional<StoreError> migrate(sql::Db& db, const std::string& path, std::chrono::milliseconds patience,
                                  std::span<const Migration> migrations) {
  const std::string what = "cannot bring the database schema up to date";
  sql::Transaction tx(db, patience);
  sql::Status s = tx.begin();
  Mark mark;
  if (s.ok()) s = read_mark(db, mark);  // again: another process may have migrated meanwhile
  if (!s.ok()) return error_from(s, path, what);
  const int known = static_cast<int>(migrations.size());
  if (auto refused = check_mark(mark, path, known)) return refused;
  if (mark.user_version == known) return std::nullopt;
  for (auto m = migrations.begin() + mark.user_version; m != migrations.end(); ++m) {
    s = db.exec(std::string(m->sql));
    if (!s.ok()) return error_from(s, path, fmt::format("{}: migration {}", what, m->name));
  }
  s = db.exec(fmt::format("PRAGMA application_id={}; PRAGMA user_version={}", kApplicationId, known));
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path, what);
  return std::nullopt;
}

}  // namespace

Store::Store(std::string path, std::unique_ptr<Impl> impl) : path_(std::move(path)), impl_(std::move(impl)) {}

Store::~Store() = default;

std::optional<StoreError> Store::crash_at(FaultPoint point) {
  if (fault_ == FaultPoint::none || fault_ != point) return std::nullopt;
  fault_ = FaultPoint::none;
  return StoreError{StoreError::io, fmt::format("injected fault at point {} of commit", static_cast<int>(point))};
}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, const StoreOptions& options) {
  if (path.empty()) return StoreError{StoreError::invalid, "no database path given"};
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->path = path;
  auto migrations = options.migrations.empty() ? embedded_migrations() : options.migrations;
  if (auto bad = check_numbering(migrations)) return *bad;

  const std::string what = "cannot open the sunlit database";
  // Through the store's VFS: one write of the WAL per commit instead of two per frame.
  sql::Status s = impl->db.open(path, sql::OpenMode::read_write_create, store_vfs::name());
  if (!s.ok()) return error_from(s, path, what);
  if (impl->db.read_only())
    return StoreError{StoreError::io, fmt::format("{}: {} is read-only for this user", what, path)};
  s = impl->db.busy_timeout(options.busy_timeout);
  Mark mark;
  if (s.ok()) s = read_mark(impl->db, mark);  // before any write: a foreign file stays untouched
  if (!s.ok()) return error_from(s, path, what);
  if (auto refused = check_mark(mark, path, static_cast<int>(migrations.size()))) return *refused;

  s = set_pragmas(impl->db, options.durability);
  if (!s.ok()) return error_from(s, path, what);
  if (mark.user_version < static_cast<std::int64_t>(migrations.size())) {  // only then take the write lock
    s = store_detail::define_sql_functions(impl->db);  // migration 003 seals older events with chain_hash
    if (!s.ok()) return error_from(s, path, what);
    if (auto failed = migrate(impl->db, path, options.busy_timeout, migrations)) return *failed;
  }
  return std::unique_ptr<Store>(new Store(path, std::move(impl)));
}

Result<std::unique_ptr<Store>> Store::reopen() const { return open(path_, impl_->options); }

Result<int> Store::schema_version() {
  std::int64_t v = 0;
  sql::Status s = read_int(impl_->db, "PRAGMA user_version", v);
  if (!s.ok()) return error_from(s, path_, "cannot read the schema version");
  return static_cast<int>(v);
}

}  // namespace sunlit
