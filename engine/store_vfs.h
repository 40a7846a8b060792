// The store's SQLite VFS: the default VFS, except that writes to a write-ahead log are coalesced.
//
// Why: in WAL mode SQLite writes each frame with two xWrite calls (the 24-byte frame header, then
// the page), so a commit of six frames costs twelve pwrite64 system calls; SQLite has no option to
// gather them. This VFS ("sunlit") wraps the default one and keeps the contiguous writes to a WAL
// file in a buffer of the file's own, written with one xWrite of the real file: one pwrite per
// commit instead of two per frame.
//
// What it does: every method of every file is forwarded to the file opened by the wrapped VFS.
// Only files SQLite opens as a write-ahead log (SQLITE_OPEN_WAL) buffer: a write that starts where
// the buffered bytes end is appended; a write elsewhere first flushes the buffer, and one that goes
// back over bytes already written (SQLite rewriting a frame of the transaction it is writing) is
// written straight through. Nothing else is ever delayed.
//
// When the bytes reach the file (a flush: one xWrite of the real file):
//   - as soon as the page of a commit frame (a frame header whose "database size" is not zero) has
//     been appended: so the last write of a commit is flushed inside that xWrite, and a failure is
//     returned to SQLite exactly as the failed write would have been, before anything is published;
//   - before a write that does not continue the buffer, and before the buffer would pass 64 KiB
//     (the largest write SQLite makes, and all the unix VFS accepts in one call);
//   - before any other method of the WAL file (xRead, xSync, xTruncate, xFileSize, xClose, locks,
//     file controls); its error is returned by that method;
//   - before xShmBarrier, xShmLock and xSync of the database file the WAL belongs to.
//
// Why that is safe for other connections and processes: they only read frames the shared-memory
// WAL index says are committed, and a writer publishes a commit there (walIndexWriteHdr, which
// calls the database file's xShmBarrier first) only after writing the commit frame, which the
// rule above flushes; xShmBarrier flushes again for good measure (its error cannot be returned:
// counters().barrier_flushes counts such late flushes, and tests expect none). Frames of a
// transaction that is not committed yet may stay buffered, but nobody may read them. Since the
// commit frame is flushed by its own xWrite, this holds with any locking mode.
//
// Why that is safe for crashes: with synchronous=FULL SQLite syncs the WAL before it publishes
// a commit or reports it committed, and xSync flushes first. With synchronous=NORMAL (and the
// store's group durability, whose WalSync fdatasyncs the WAL from another descriptor) a commit is
// written to the file before COMMIT returns, as without this VFS. A crash loses only frames of
// a transaction that was not acknowledged, exactly as it would without this layer.
#pragma once

#include <cstdint>

namespace sunlit::store_vfs {

// The name of the VFS for sqlite3_open_v2, registered (not as the default) on the first call;
// nullptr, meaning the default VFS, if it could not be registered. Thread-safe.
const char* name();

// What the VFS has done in this process since it started; for tests.
struct Counters {
  std::uint64_t wal_writes = 0;       // xWrite calls made on the real WAL files
  std::uint64_t barrier_flushes = 0;  // flushes that xShmBarrier found to do (expected: none)
};
Counters counters();

}  // namespace sunlit::store_vfs
