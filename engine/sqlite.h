// A thin RAII layer over the sqlite3 C API: a connection, statements, a
// transaction guard. The store is its only user; nothing else speaks SQL.
//
// Contract: nothing here throws. Every call that can fail returns a Status
// (the SQLite result code sorted into a few kinds, plus SQLite's message); a
// statement that failed to prepare or bind keeps the error and returns it
// from step(), so callers check once. A Statement is finalized, a Db closed
// and an unfinished Transaction rolled back by their destructors. This header
// does not include <sqlite3.h>: only sqlite.cpp does.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace sunlit::sql {

// What a sqlite3 call came to, sorted into the kinds callers act on.
enum class Rc { ok, row, done, busy, constraint, not_a_db, read_only, cant_open, io, other };

// The outcome of a sqlite3 call: its kind, SQLite's extended code and message.
struct Status {
  Rc rc = Rc::ok;
  int code = 0;  // SQLite's extended result code (for messages and tests)
  std::string message;

  bool ok() const { return rc == Rc::ok || rc == Rc::done; }
  bool row() const { return rc == Rc::row; }
  bool busy() const { return rc == Rc::busy; }
};

// A prepared statement; owns its sqlite3_stmt. Bind indexes are 1-based, columns 0-based.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_null(int index);

  // Rc::row (a row is ready), Rc::done, or the error (including a prepare or bind error).
  Status step();
  // Steps until done; ok or the error.
  Status run();

  std::int64_t int64(int column) const;
  std::string text(int column) const;
  // The column's text without a copy: valid until the next step(), reset() or destruction.
  std::string_view text_view(int column) const;
  bool is_null(int column) const;

  // Ready to run again: rewinds, clears the bindings and any bind error.
  void reset();

 private:
  void note(int code);  // keeps the first bind error

  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  Status error_;  // prepare or bind failure, reported by step()
};

// How to open a database file.
enum class OpenMode { read_write_create, read_only };

// Process-wide SQLite settings, made once before SQLite initialises; Db::open calls it, and so
// must anything else that may be first to initialise SQLite (engine/store_vfs.cpp).
void configure_once();

// One connection; owns its sqlite3 handle and a cache of prepared statements.
class Db {
 public:
  Db() = default;
  Db(Db&&) noexcept;
  Db& operator=(Db&&) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  ~Db();

  // Opens `path` (no URI, no shared cache) through the VFS named `vfs` (nullptr: the default
  // VFS). On failure the Db stays closed.
  Status open(const std::string& path, OpenMode mode, const char* vfs = nullptr);
  bool is_open() const { return db_ != nullptr; }
  // True if SQLite opened the file read-only although it was asked to write.
  bool read_only() const;

  // Runs one or more statements without results (schema, PRAGMA, BEGIN...).
  Status exec(const std::string& sql);
  // A fresh statement the caller owns.
  Statement prepare(std::string_view sql);
  // A statement from the cache (prepared on first use), reset and unbound.
  Statement& cached(const std::string& sql);
  // How long SQLite itself waits for a lock before answering busy.
  Status busy_timeout(std::chrono::milliseconds wait);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  // Registers a deterministic SQL function returning text, its arguments read as text; for
  // migrations that need sunlit's own code (migration 003 seals old events with chain_hash).
  using TextFunction = std::string (*)(const std::vector<std::string>& args);
  Status define_function(const char* name, int nargs, TextFunction fn);

  // The WAL life cycle for one short process per command: closing leaves the WAL to the next
  // connection instead of checkpointing it (its frames are already durable), unless it holds
  // `truncate_at` frames or more; then close checkpoints it and empties the file, without
  // waiting for readers. While open, the WAL is checkpointed at 1000 frames, as by default.
  Status keep_wal_on_close(int truncate_at);
  // The path of the main database's write-ahead log ("" when closed).
  std::string wal_path() const;

 private:
  // What keep_wal_on_close() set, and the WAL's size after this connection's last commit.
  struct WalLog {
    int truncate_at = 0;
    int frames = 0;  // 0: this connection committed nothing
  };
  void close();

  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
  std::unique_ptr<WalLog> wal_;
};

// A cached statement borrowed for one use: reset again when it goes out of scope,
// so no statement keeps a read transaction open by accident.
class Query {
 public:
  Query(Db& db, const std::string& sql) : stmt_(db.cached(sql)) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { stmt_.reset(); }
  Statement* operator->() { return &stmt_; }
  Statement& operator*() { return stmt_; }

 private:
  Statement& stmt_;
};

// A file descriptor of its own on a connection's write-ahead log: sync() makes every frame written
// so far durable with one fdatasync, from any thread, while the connection goes on committing. It
// is what group commit needs (engine/group_sync.h): with synchronous=NORMAL a COMMIT writes its
// frames without syncing, and one sync() then covers all the commits before it.
class WalSync {
 public:
  WalSync() = default;
  WalSync(WalSync&& other) noexcept;
  WalSync& operator=(WalSync&& other) noexcept;
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;
  ~WalSync();

  // Opens the WAL of `db` (creating it empty if SQLite has not yet) and syncs its directory once,
  // so that the WAL's name itself survives a power loss.
  static Status open(const Db& db, WalSync& out);
  // fdatasync of the WAL; first reopens it if the file at its path was replaced.
  Status sync();

 private:
  Status open_path();

  std::string path_;
  int fd_ = -1;
};

// A write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on destruction unless committed.
//
// begin() and commit() retry while SQLite answers busy, until `patience` has
// passed since the call (SQLite's own busy_timeout waits inside each attempt).
class Transaction {
 public:
  Transaction(Db& db, std::chrono::milliseconds patience) : db_(db), patience_(patience) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status begin();
  Status commit();
  void rollback();

 private:
  Status retry_while_busy(const char* sql);

  Db& db_;
  std::chrono::milliseconds patience_;
  bool open_ = false;
};

}  // namespace sunlit::sql
