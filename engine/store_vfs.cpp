// The store's VFS (see store_vfs.h): files forwarded to the default VFS, WAL writes coalesced.
#include "engine/store_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <new>
#include <vector>

#include "engine/sqlite.h"

namespace sunlit::store_vfs {
namespace {

constexpr const char* kName = "sunlit";
// Flush before the buffer would pass 64 KiB: the largest write SQLite itself makes (a 64 KiB page).
// The unix VFS assumes no more: it passes `n & 0x1ffff` bytes to each pwrite, so a write of a
// multiple of 128 KiB would fail as SQLITE_FULL.
constexpr size_t kBufferLimit = size_t{1} << 16;
constexpr int kFrameHeaderSize = 24;             // a WAL frame header; the WAL header is 32 bytes

std::atomic<std::uint64_t> wal_writes{0};
std::atomic<std::uint64_t> barrier_flushes{0};

// One file opened through this VFS; the wrapped VFS's own file object follows it in memory.
struct File {
  sqlite3_file base{};              // first member: SQLite holds a pointer to it
  sqlite3_file* real = nullptr;     // the wrapped VFS's file
  bool wal = false;                 // opened with SQLITE_OPEN_WAL: writes are buffered
  File* linked = nullptr;           // a WAL's database file, or a database file's open WAL
  std::vector<char> buffer;         // WAL bytes not yet written, for the offset `start`
  sqlite3_int64 start = 0;
  sqlite3_int64 high = 0;           // the end of the furthest write since the WAL header
  sqlite3_int64 last_end = 0;       // where the last write ended
  bool commit_pending = false;      // the last write was a commit frame's header
};

// Where the wrapped VFS's file starts, after ours (8-byte aligned, as SQLite allocates).
constexpr size_t kRealOffset = (sizeof(File) + 7) & ~size_t{7};

File* file_of(sqlite3_file* file) { return reinterpret_cast<File*>(file); }

const sqlite3_io_methods* real_methods(const File* f) { return f->real->pMethods; }

// One xWrite of the real file, counted when the file is a WAL.
int write_real(File* f, const void* data, int n, sqlite3_int64 offset) {
  if (f->wal) wal_writes.fetch_add(1, std::memory_order_relaxed);
  return real_methods(f)->xWrite(f->real, data, n, offset);
}

// Writes the buffered bytes, if any; the buffer is empty afterwards, even on error.
int flush(File* f) {
  if (f->buffer.empty()) return SQLITE_OK;
  int rc = write_real(f, f->buffer.data(), static_cast<int>(f->buffer.size()), f->start);
  f->buffer.clear();
  return rc;
}

// Before any method of a WAL file other than xWrite: its buffered bytes reach the file.
int settle(File* f) { return f->wal ? flush(f) : SQLITE_OK; }

// Before xShmLock and xSync of a database file: the bytes of its WAL reach the file too.
int settle_log(File* f) {
  int rc = settle(f);
  if (rc == SQLITE_OK && !f->wal && f->linked) rc = flush(f->linked);
  return rc;
}

// Whether a WAL frame header marks a commit: its "database size after commit" is not zero.
bool is_commit_header(const void* data, int n) {
  const auto* p = static_cast<const unsigned char*>(data);
  return n == kFrameHeaderSize && (p[4] | p[5] | p[6] | p[7]) != 0;
}

// Whether a write goes back over bytes already written (SQLite rewriting a frame of the
// transaction it is writing) rather than continuing the log: such writes go straight through.
bool rewrites(const File* f, sqlite3_int64 offset) { return offset < f->high && offset != f->last_end; }

// Appends to the buffer when the write continues it; otherwise flushes, then buffers or writes.
int buffer_write(File* f, const void* data, int n, sqlite3_int64 offset) {
  const sqlite3_int64 end = f->start + static_cast<sqlite3_int64>(f->buffer.size());
  const bool continues = !f->buffer.empty() && offset == end;
  if (!continues || f->buffer.size() + static_cast<size_t>(n) > kBufferLimit) {
    int rc = flush(f);
    if (rc != SQLITE_OK) return rc;
  }
  if (f->buffer.empty() && (rewrites(f, offset) || static_cast<size_t>(n) >= kBufferLimit))
    return write_real(f, data, n, offset);
  if (f->buffer.empty()) f->start = offset;
  const char* bytes = static_cast<const char*>(data);
  f->buffer.insert(f->buffer.end(), bytes, bytes + n);
  return SQLITE_OK;
}

// xWrite of a WAL file; the page that completes a commit frame is flushed at once, so a commit's
// bytes are in the file, or its error returned, before SQLite publishes it.
int wal_write(File* f, const void* data, int n, sqlite3_int64 offset) {
  if (offset == 0) f->high = 0;  // a new WAL header: the log starts again
  int rc = buffer_write(f, data, n, offset);
  f->last_end = offset + n;
  f->high = std::max(f->high, f->last_end);
  const bool completes_commit = f->commit_pending;
  f->commit_pending = is_commit_header(data, n);
  if (rc == SQLITE_OK && completes_commit) rc = flush(f);
  return rc;
}

int close_file(sqlite3_file* file) {
  File* f = file_of(file);
  int rc = settle(f);
  if (f->linked) f->linked->linked = nullptr;
  int closed = real_methods(f)->xClose(f->real);
  f->~File();
  return rc != SQLITE_OK ? rc : closed;
}

int read_file(sqlite3_file* file, void* out, int n, sqlite3_int64 offset) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xRead(f->real, out, n, offset);
}

int write_file(sqlite3_file* file, const void* data, int n, sqlite3_int64 offset) {
  File* f = file_of(file);
  return f->wal ? wal_write(f, data, n, offset) : write_real(f, data, n, offset);
}

int truncate_file(sqlite3_file* file, sqlite3_int64 size) {
  File* f = file_of(file);
  int rc = settle(f);
  f->high = std::min(f->high, size);
  return rc != SQLITE_OK ? rc : real_methods(f)->xTruncate(f->real, size);
}

int sync_file(sqlite3_file* file, int flags) {
  File* f = file_of(file);
  int rc = settle_log(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xSync(f->real, flags);
}

int file_size(sqlite3_file* file, sqlite3_int64* size) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xFileSize(f->real, size);
}

int lock_file(sqlite3_file* file, int level) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xLock(f->real, level);
}

// An unlock happens even when the flush before it fails: a lock must never be left held.
int unlock_file(sqlite3_file* file, int level) {
  File* f = file_of(file);
  int rc = settle(f);
  int unlocked = real_methods(f)->xUnlock(f->real, level);
  return rc != SQLITE_OK ? rc : unlocked;
}

int check_reserved_lock(sqlite3_file* file, int* out) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xCheckReservedLock(f->real, out);
}

int file_control(sqlite3_file* file, int op, void* arg) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xFileControl(f->real, op, arg);
}

int sector_size(sqlite3_file* file) {
  File* f = file_of(file);
  return real_methods(f)->xSectorSize(f->real);
}

int device_characteristics(sqlite3_file* file) {
  File* f = file_of(file);
  return real_methods(f)->xDeviceCharacteristics(f->real);
}

int shm_map(sqlite3_file* file, int page, int page_size, int extend, void volatile** out) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xShmMap(f->real, page, page_size, extend, out);
}

// As unlock_file: an unlock happens even when the flush before it fails; a lock does not.
int shm_lock(sqlite3_file* file, int offset, int n, int flags) {
  File* f = file_of(file);
  int rc = settle_log(f);
  if (rc != SQLITE_OK && !(flags & SQLITE_SHM_UNLOCK)) return rc;
  int locked = real_methods(f)->xShmLock(f->real, offset, n, flags);
  return rc != SQLITE_OK ? rc : locked;
}

// Called before SQLite publishes a commit in the WAL index: the WAL's bytes must be in the file.
// It cannot report an error; the commit frame's own xWrite has flushed already (see wal_write).
void shm_barrier(sqlite3_file* file) {
  File* f = file_of(file);
  File* log = f->wal ? f : f->linked;
  if (log && !log->buffer.empty()) {
    barrier_flushes.fetch_add(1, std::memory_order_relaxed);
    flush(log);
  }
  real_methods(f)->xShmBarrier(f->real);
}

int shm_unmap(sqlite3_file* file, int delete_flag) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xShmUnmap(f->real, delete_flag);
}

int fetch(sqlite3_file* file, sqlite3_int64 offset, int n, void** out) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xFetch(f->real, offset, n, out);
}

int unfetch(sqlite3_file* file, sqlite3_int64 offset, void* p) {
  File* f = file_of(file);
  int rc = settle(f);
  return rc != SQLITE_OK ? rc : real_methods(f)->xUnfetch(f->real, offset, p);
}

// The methods of our files, for a real file whose methods have `version` (1 to 3).
sqlite3_io_methods make_methods(int version) {
  sqlite3_io_methods m{};
  m.iVersion = version;
  m.xClose = close_file;
  m.xRead = read_file;
  m.xWrite = write_file;
  m.xTruncate = truncate_file;
  m.xSync = sync_file;
  m.xFileSize = file_size;
  m.xLock = lock_file;
  m.xUnlock = unlock_file;
  m.xCheckReservedLock = check_reserved_lock;
  m.xFileControl = file_control;
  m.xSectorSize = sector_size;
  m.xDeviceCharacteristics = device_characteristics;
  if (version >= 2) {
    m.xShmMap = shm_map;
    m.xShmLock = shm_lock;
    m.xShmBarrier = shm_barrier;
    m.xShmUnmap = shm_unmap;
  }
  if (version >= 3) {
    m.xFetch = fetch;
    m.xUnfetch = unfetch;
  }
  return m;
}

const sqlite3_io_methods kMethods[3] = {make_methods(1), make_methods(2), make_methods(3)};

bool is_ours(const sqlite3_file* file) {
  return file && (file->pMethods == &kMethods[0] || file->pMethods == &kMethods[1] ||
                  file->pMethods == &kMethods[2]);
}

// Links a WAL file and the database file it belongs to, both ways.
void link_to_database(File* log, const char* name) {
  sqlite3_file* db = name ? sqlite3_database_file_object(name) : nullptr;
  if (!is_ours(db) || file_of(db)->wal) return;
  file_of(db)->linked = log;
  log->linked = file_of(db);
}

sqlite3_vfs* wrapped(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

int open_file(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  File* f = new (file) File;
  f->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(file) + kRealOffset);
  f->real->pMethods = nullptr;
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  int rc = wrapped(vfs)->xOpen(wrapped(vfs), name, f->real, flags, out_flags);
  if (!f->real->pMethods) {  // nothing to close
    f->~File();
    file->pMethods = nullptr;
    return rc;
  }
  f->base.pMethods = &kMethods[std::clamp(f->real->pMethods->iVersion, 1, 3) - 1];
  if (rc == SQLITE_OK && f->wal) link_to_database(f, name);
  return rc;
}

// The rest of the VFS forwards to the wrapped one.
int delete_file(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return wrapped(vfs)->xDelete(wrapped(vfs), name, sync_dir);
}
int vfs_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return wrapped(vfs)->xAccess(wrapped(vfs), name, flags, out);
}
int full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return wrapped(vfs)->xFullPathname(wrapped(vfs), name, n, out);
}
void* dl_open(sqlite3_vfs* vfs, const char* name) { return wrapped(vfs)->xDlOpen(wrapped(vfs), name); }
void dl_error(sqlite3_vfs* vfs, int n, char* out) { wrapped(vfs)->xDlError(wrapped(vfs), n, out); }
using Symbol = void (*)();
Symbol dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol) {
  return wrapped(vfs)->xDlSym(wrapped(vfs), handle, symbol);
}
void dl_close(sqlite3_vfs* vfs, void* handle) { wrapped(vfs)->xDlClose(wrapped(vfs), handle); }
int randomness(sqlite3_vfs* vfs, int n, char* out) { return wrapped(vfs)->xRandomness(wrapped(vfs), n, out); }
int vfs_sleep(sqlite3_vfs* vfs, int micros) { return wrapped(vfs)->xSleep(wrapped(vfs), micros); }
int current_time(sqlite3_vfs* vfs, double* out) { return wrapped(vfs)->xCurrentTime(wrapped(vfs), out); }
int last_error(sqlite3_vfs* vfs, int n, char* out) { return wrapped(vfs)->xGetLastError(wrapped(vfs), n, out); }
int current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return wrapped(vfs)->xCurrentTimeInt64(wrapped(vfs), out);
}
int set_system_call(sqlite3_vfs* vfs, const char* name, sqlite3_syscall_ptr call) {
  return wrapped(vfs)->xSetSystemCall(wrapped(vfs), name, call);
}
sqlite3_syscall_ptr get_system_call(sqlite3_vfs* vfs, const char* name) {
  return wrapped(vfs)->xGetSystemCall(wrapped(vfs), name);
}
const char* next_system_call(sqlite3_vfs* vfs, const char* name) {
  return wrapped(vfs)->xNextSystemCall(wrapped(vfs), name);
}

// Our VFS around `base`, with the optional methods `base` has.
sqlite3_vfs make_vfs(sqlite3_vfs* base) {
  sqlite3_vfs v{};
  v.iVersion = std::min(base->iVersion, 3);
  v.szOsFile = static_cast<int>(kRealOffset) + base->szOsFile;
  v.mxPathname = base->mxPathname;
  v.zName = kName;
  v.pAppData = base;
  v.xOpen = open_file;
  v.xDelete = delete_file;
  v.xAccess = vfs_access;
  v.xFullPathname = full_pathname;
  v.xDlOpen = base->xDlOpen ? dl_open : nullptr;
  v.xDlError = base->xDlError ? dl_error : nullptr;
  v.xDlSym = base->xDlSym ? dl_sym : nullptr;
  v.xDlClose = base->xDlClose ? dl_close : nullptr;
  v.xRandomness = randomness;
  v.xSleep = vfs_sleep;
  v.xCurrentTime = current_time;
  v.xGetLastError = base->xGetLastError ? last_error : nullptr;
  if (v.iVersion >= 2 && base->xCurrentTimeInt64) v.xCurrentTimeInt64 = current_time_int64;
  if (v.iVersion >= 3 && base->xSetSystemCall) v.xSetSystemCall = set_system_call;
  if (v.iVersion >= 3 && base->xGetSystemCall) v.xGetSystemCall = get_system_call;
  if (v.iVersion >= 3 && base->xNextSystemCall) v.xNextSystemCall = next_system_call;
  return v;
}

// Registers the VFS (not as the default); false if SQLite has no default VFS or refuses.
bool install() {
  sql::configure_once();  // before SQLite initialises, which sqlite3_vfs_find does
  sqlite3_vfs* base = sqlite3_vfs_find(nullptr);
  if (!base) return false;
  static sqlite3_vfs vfs = make_vfs(base);
  return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
}

}  // namespace

const char* name() {
  static std::once_flag once;
  static bool installed = false;
  std::call_once(once, [] { installed = install(); });
  return installed ? kName : nullptr;
}

Counters counters() {
  return {wal_writes.load(std::memory_order_relaxed), barrier_flushes.load(std::memory_order_relaxed)};
}

}  // namespace sunlit::store_vfs
