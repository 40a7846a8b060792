#include "engine/group_sync.h"

namespace sunlit {

std::int64_t GroupSync::writes() const {
  std::lock_guard lock(mutex_);
  return written_;
}

std::int64_t GroupSync::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}

std::optional<std::string> GroupSync::wait_durable(std::unique_lock<std::mutex>& lock, std::int64_t mine) {
  for (;;) {
    for (const Failure& f : failures_)  // the sync meant to cover this write failed
      if (mine >= f.first && mine <= f.last) return f.message;
    if (settled_ >= mine) return std::nullopt;
    if (syncing_) {  // the sync under way may have started before this write: wait, then look again
      synced_.wait(lock);
      continue;
    }
    syncing_ = true;  // lead: one sync for every write finished so far
    const std::int64_t first = settled_ + 1, target = written_;
    lock.unlock();
    std::optional<std::string> error = sync_();
    lock.lock();
    syncing_ = false;
    ++syncs_;
    if (error) failures_.push_back({first, target, *error});
    settled_ = target;  // settled: durable, or listed as failed above
    synced_.notify_all();
  }
}

}  // namespace sunlit
