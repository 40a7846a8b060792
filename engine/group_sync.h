// Group commit (组提交): many threads' transactions made durable by one fsync.
//
// Contract: run(write) calls `write` under the group's lock, one caller at a time (`write` is one
// whole transaction on a connection whose COMMIT does not sync, i.e. synchronous=NORMAL), and
// returns only after a sync that *started after `write` returned* has succeeded. So what a caller
// is told was written is durable when it is told. A caller that finds no sync under way starts one
// covering every write finished so far and runs it without the lock, so other threads' writes go
// on meanwhile; the next sync covers all of them (one fsync for many officials' actions). If the
// sync fails, run() gives its message to every caller it was to cover: their transactions are
// committed, but may not survive a power loss. Thread-safe; no exception crosses it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sunlit {

// Writes one at a time, fsyncs shared: see the contract above.
class GroupSync {
 public:
  // Makes every write finished before it was called durable: nullopt, or what went wrong.
  using SyncFn = std::function<std::optional<std::string>()>;

  explicit GroupSync(SyncFn sync) : sync_(std::move(sync)) {}

  // The result of `write`, and the error of the sync that was to cover it (nullopt: durable).
  template <class Write>
  std::pair<std::invoke_result_t<Write>, std::optional<std::string>> run(Write&& write) {
    std::unique_lock lock(mutex_);
    auto result = std::forward<Write>(write)();
    auto failed = wait_durable(lock, ++written_);
    return {std::move(result), std::move(failed)};
  }

  std::int64_t writes() const;  // run() calls so far
  std::int64_t syncs() const;   // fsyncs so far (each covering one or more writes)

 private:
  std::optional<std::string> wait_durable(std::unique_lock<std::mutex>& lock, std::int64_t mine);

  SyncFn sync_;
  mutable std::mutex mutex_;
  std::condition_variable synced_;
  std::int64_t written_ = 0;  // writes finished
  std::int64_t settled_ = 0;  // writes covered by a finished sync (durable unless in failures_)
  // The writes (first, last) each failed sync was to cover, and its message: they keep their error
  // even if a later sync succeeds (after a failed fsync, Linux may have dropped their pages).
  struct Failure {
    std::int64_t first = 0, last = 0;
    std::string message;
  };
  std::vector<Failure> failures_;
  bool syncing_ = false;
  std::int64_t syncs_ = 0;
};

}  // namespace sunlit
