#include "engine/sqlite.h"

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <thread>

namespace sunlit::sql {
namespace {

// Sorts a SQLite result code into the kinds callers act on.
Rc kind_of(int code) {
  switch (code & 0xFF) {
    case SQLITE_OK: return Rc::ok;
    case SQLITE_ROW: return Rc::row;
    case SQLITE_DONE: return Rc::done;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Rc::busy;
    case SQLITE_CONSTRAINT: return Rc::constraint;
    case SQLITE_NOTADB: return Rc::not_a_db;
    case SQLITE_READONLY: return Rc::read_only;
    case SQLITE_CANTOPEN: return Rc::cant_open;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CORRUPT:
    case SQLITE_PERM: return Rc::io;
    default: return Rc::other;
  }
}

// A Status for `code`, with the connection's message when it is an error.
Status status_of(sqlite3* db, int code) {
  Status s{kind_of(code), code, {}};
  if (!s.ok() && !s.row()) s.message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  return s;
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    error_ = {Rc::other, SQLITE_TOOBIG, "statement too long"};
    return;
  }
  int code = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt_, nullptr);
  if (code != SQLITE_OK) {
    error_ = status_of(db, code);
    sqlite3_finalize(stmt_);
    stmt_ = nullptr;
  }
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), error_(std::move(other.error_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    error_ = std::move(other.error_);
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::note(int code) {
  if (code != SQLITE_OK && error_.ok()) error_ = status_of(db_, code);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (stmt_) note(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  if (!stmt_) return *this;
  if (text.size() > static_cast<size_t>(INT_MAX)) {
    note(SQLITE_TOOBIG);
    return *this;
  }
  note(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (stmt_) note(sqlite3_bind_null(stmt_, index));
  return *this;
}

Status Statement::step() {
  if (!error_.ok()) return error_;
  if (!stmt_) return {Rc::other, SQLITE_MISUSE, "no statement"};
  return status_of(db_, sqlite3_step(stmt_));
}

Status Statement::run() {
  Status s = step();
  while (s.row()) s = step();
  return s;
}

std::int64_t Statement::int64(int column) const { return stmt_ ? sqlite3_column_int64(stmt_, column) : 0; }

std::string Statement::text(int column) const {
  if (!stmt_) return {};
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}

std::string_view Statement::text_view(int column) const {
  if (!stmt_) return {};
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string_view(p, static_cast<size_t>(n)) : std::string_view();
}

bool Statement::is_null(int column) const {
  return !stmt_ || sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void Statement::reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  error_ = {};
}

namespace {

// After each commit: note the WAL's size; checkpoint at 1000 frames as SQLite's default hook does.
int on_wal_commit(void* log, sqlite3* db, const char* name, int frames) {
  *static_cast<int*>(log) = frames;
  if (frames >= 1000) sqlite3_wal_checkpoint(db, name);
  return SQLITE_OK;
}

}  // namespace

Db::Db(Db&& other) noexcept : db_(other.db_), cache_(std::move(other.cache_)), wal_(std::move(other.wal_)) {
  other.db_ = nullptr;
}

Db& Db::operator=(Db&& other) noexcept {
  if (this != &other) {
    close();
    db_ = other.db_;
    cache_ = std::move(other.cache_);
    wal_ = std::move(other.wal_);
    other.db_ = nullptr;
  }
  return *this;
}

Db::~Db() { close(); }

void Db::close() {
  cache_.clear();  // statements first, then the connection
  if (db_ && wal_ && wal_->frames >= wal_->truncate_at) {
    sqlite3_busy_timeout(db_, 0);  // a reader in another process: leave the rest for later
    sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  sqlite3_close_v2(db_);
  db_ = nullptr;
  wal_.reset();
}

// Process-wide settings, made once before the first connection: no memory statistics, so SQLite's
// allocations skip the global mutex that keeps them (nothing here reads sqlite3_memory_used()).
void configure_once() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialised: harmless
    return true;
  }();
  (void)done;
}

Status Db::open(const std::string& path, OpenMode mode, const char* vfs) {
  configure_once();
  int flags = mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_EXRESCODE;
  sqlite3* handle = nullptr;
  int code = sqlite3_open_v2(path.c_str(), &handle, flags, vfs);
  Status s = status_of(handle, code);
  if (code != SQLITE_OK) {
    sqlite3_close_v2(handle);
    return s;
  }
  *this = Db();
  db_ = handle;
  sqlite3_extended_result_codes(db_, 1);
  return s;
}

bool Db::read_only() const { return db_ && sqlite3_db_readonly(db_, "main") == 1; }

Status Db::exec(const std::string& sql) {
  if (!db_) return {Rc::other, SQLITE_MISUSE, "database not open"};
  return status_of(db_, sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr));
}

Statement Db::prepare(std::string_view sql) { return Statement(db_, sql); }

Statement& Db::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

Status Db::busy_timeout(std::chrono::milliseconds wait) {
  auto ms = std::clamp<std::chrono::milliseconds::rep>(wait.count(), 0, INT_MAX);
  return status_of(db_, sqlite3_busy_timeout(db_, static_cast<int>(ms)));
}

std::int64_t Db::changes() const { return db_ ? sqlite3_changes64(db_) : 0; }

std::string Db::wal_path() const {
  if (!db_) return {};
  const char* wal = sqlite3_filename_wal(sqlite3_db_filename(db_, "main"));
  return wal ? std::string(wal) : std::string();
}

Status Db::keep_wal_on_close(int truncate_at) {
  if (!db_) return {Rc::other, SQLITE_MISUSE, "database not open"};
  Status s = status_of(db_, sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr));
  if (!s.ok()) return s;
  wal_ = std::make_unique<WalLog>();
  wal_->truncate_at = std::max(truncate_at, 1);
  sqlite3_wal_hook(db_, on_wal_commit, &wal_->frames);  // the WalLog stays put when the Db moves
  return s;
}

Transaction::~Transaction() { rollback(); }

Status Transaction::retry_while_busy(const char* sql) {
  auto deadline = std::chrono::steady_clock::now() + patience_;
  auto pause = std::chrono::milliseconds(1);
  for (;;) {
    Status s = db_.cached(sql).run();  // prepared once per connection, not parsed per transaction
    if (!s.busy() || std::chrono::steady_clock::now() + pause >= deadline) return s;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

Status Transaction::begin() {
  Status s = retry_while_busy("BEGIN IMMEDIATE");
  open_ = s.ok();
  return s;
}

Status Transaction::commit() {
  Status s = retry_while_busy("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

void Transaction::rollback() {
  if (!open_) return;
  db_.exec("ROLLBACK");
  open_ = false;
}

}  // namespace sunlit::sql
