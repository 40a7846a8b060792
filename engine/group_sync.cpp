#include "engine/group_sync.h"

namespace sunlit {

GroupSync::GroupSync(SyncFn sync) : sync_(std::move(sync)) {
  writer_ = std::thread([this] { write_loop(); });
  syncer_ = std::thread([this] { sync_loop(); });
}

GroupSync::~GroupSync() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  writer_.join();  // the writer finishes the queue first, then tells the syncer it is done
  syncer_.join();
}

std::int64_t GroupSync::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

std::int64_t GroupSync::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

void GroupSync::submit(Task& task) {
  bool wake;
  {
    std::lock_guard lock(mutex_);
    wake = queue_.empty();  // a writer with work queued is awake already
    queue_.push_back(&task);
    ++writing_;
  }
  if (wake) work_.notify_one();
  std::unique_lock lock(task.m);
  task.cv.wait(lock, [&] { return task.settled; });
}

// Takes every task handed over so far and writes them one after another, without the lock; each
// finished write is passed to the syncer at once, so a sync can start while the next one runs.
void GroupSync::write_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, and nothing left to write
    std::deque<Task*> batch;
    batch.swap(queue_);
    lock.unlock();
    for (Task* task : batch) {
      try {
        task->write();
      } catch (...) {
        task->thrown = std::current_exception();
      }
      lock.lock();
      ++writes_;
      --writing_;
      unsynced_.push_back(task);
      const bool wake = sync_due();
      lock.unlock();
      if (wake) written_.notify_one();
    }
    lock.lock();
  }
  writer_done_ = true;
  lock.unlock();
  written_.notify_one();
}

// A sync is worth starting once the writes waiting for one are at least as many as those still
// waiting to be written (or nothing is left to write): fewer fsyncs, each covering more, and the
// writer still has work while the sync runs. Called with the lock held.
bool GroupSync::sync_due() const {
  return !unsynced_.empty() && (writing_ == 0 || unsynced_.size() >= writing_);
}

// Syncs once for every write finished so far, then settles exactly those writes' callers.
void GroupSync::sync_loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    written_.wait(lock, [&] { return writer_done_ || sync_due(); });
    if (unsynced_.empty()) return;  // the writer is done and everything is settled
    std::vector<Task*> covered;
    covered.swap(unsynced_);
    std::optional<std::string> failed = poisoned_;  // after a failed sync, none is tried again
    const bool try_sync = !failed;
    lock.unlock();
    if (try_sync) failed = sync_();
    lock.lock();
    if (try_sync) ++syncs_;
    if (failed && !poisoned_) poisoned_ = failed;
    lock.unlock();
    for (Task* task : covered) {
      std::lock_guard settle(task->m);  // notified under its lock: the caller can't free it first
      task->failed = failed;
      task->settled = true;
      task->cv.notify_one();
    }
    lock.lock();
  }
}

}  // namespace sunlit
