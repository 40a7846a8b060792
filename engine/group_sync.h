// Group commit (组提交): many threads' transactions made durable by one fsync.
//
// Contract: run(write) hands `write` to the group's writer thread, which runs the writes of every
// caller one at a time, back to back (`write` is one whole transaction on a connection whose
// COMMIT does not sync, i.e. synchronous=NORMAL), and returns only after a sync that *started after
// `write` returned* has succeeded. So what a caller is told was written is durable when it is told.
// A second thread, the syncer, runs one sync for every write finished so far while the writer goes
// on with the next ones; the next sync covers all of those (one fsync for many officials' actions).
// It starts a sync once at least as many writes wait for one as still wait to be written, or when
// nothing is left to write: fewer, fuller fsyncs (each costs this machine's kernel real CPU) while
// the writer never runs dry.
// Callers sleep until their own write is settled: no lock is handed from thread to thread between
// two writes, and a finished sync wakes only the callers it covered.
//
// A failed sync is final: run() gives its message to every caller it was to cover and to every
// later caller (their transactions are committed, but after a failed fsync Linux may have dropped
// the log's pages, and SQLite's recovery stops at the first lost frame, so no later write can be
// promised either). The embedding server must stop and be restarted (recovery then keeps what the
// disk really has). Thread-safe; an exception thrown by `write` is rethrown in its caller's thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace sunlit {

// Writes one at a time on one thread, fsyncs shared on another: see the contract above.
class GroupSync {
 public:
  // Makes every write finished before it was called durable: nullopt, or what went wrong.
  using SyncFn = std::function<std::optional<std::string>()>;

  explicit GroupSync(SyncFn sync);
  ~GroupSync();  // finishes every write handed over, then stops both threads
  GroupSync(const GroupSync&) = delete;
  GroupSync& operator=(const GroupSync&) = delete;

  // The result of `write`, and the error of the sync that was to cover it (nullopt: durable).
  template <class Write>
  std::pair<std::invoke_result_t<Write>, std::optional<std::string>> run(Write&& write) {
    std::optional<std::invoke_result_t<Write>> result;
    Task task([&] { result.emplace(std::forward<Write>(write)()); });
    submit(task);
    if (task.thrown) std::rethrow_exception(task.thrown);
    return {std::move(*result), std::move(task.failed)};
  }

  std::int64_t writes() const;  // writes finished so far
  std::int64_t syncs() const;   // syncs so far (each covering one or more writes)

 private:
  // One caller's write, from hand-over to settlement; lives on the caller's stack.
  struct Task {
    explicit Task(std::function<void()> w) : write(std::move(w)) {}
    std::function<void()> write;
    std::exception_ptr thrown;            // what `write` threw, if anything
    std::optional<std::string> failed;    // the covering sync's error
    // Set once durable or failed. A mutex and condition variable, not a semaphore: libstdc++'s
    // semaphore spins and yields before it sleeps, taking the writer's core from it.
    std::mutex m;
    std::condition_variable cv;
    bool settled = false;
  };

  void submit(Task& task);  // hands `task` to the writer and sleeps until it is settled
  void write_loop();
  void sync_loop();
  bool sync_due() const;

  SyncFn sync_;
  mutable std::mutex mutex_;
  std::condition_variable work_;     // the writer: a task was handed over, or stop
  std::condition_variable written_;  // the syncer: a write finished, or stop
  std::deque<Task*> queue_;          // handed over, not yet written
  std::size_t writing_ = 0;          // handed over, not yet written (queued or being written)
  std::vector<Task*> unsynced_;      // written, waiting for a sync
  std::optional<std::string> poisoned_;  // the first failed sync's message: every later write gets it
  std::int64_t writes_ = 0;
  std::int64_t syncs_ = 0;
  bool stopping_ = false, writer_done_ = false;
  std::thread writer_, syncer_;
};

}  // namespace sunlit
