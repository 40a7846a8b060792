// Officials' actions from many threads on one store, made durable together (group commit, 组提交).
//
// Contract: a GroupCommit owns a CaseService over a Store opened with Durability::group and runs
// every call through a GroupSync (engine/group_sync.h): each action is still its own transaction
// (events, snapshot, timers all or nothing, version-checked), taken one at a time, and a call
// returns only once an fdatasync of the WAL that started after its commit has succeeded: what a
// caller is told has happened survives a power loss, as with Durability::full. While one thread
// waits for the fsync, others commit; the next fsync covers them all, so N officials acting at
// once cost about one fsync per group instead of one each. A refused attempt is recorded (and
// made durable) the same way. If the fsync fails, the call answers CaseError::storage. For a
// server embedding sunlit, and for `sunlit case batch`; any other CLI command is one official's
// action and uses Durability::full.
// advance() decides on the caller's thread and only writes on the writer's: the caller loads the
// case on a reader connection of its own (Store::reopen; a pool of them is kept here) and prepares
// the change (CaseService::prepare_advance); the writer commits it under the store's version
// check. If the case changed in between (another thread's action on it), or the preparation
// ended in an error or a refusal, the writer runs the whole advance itself on the newest state:
// the answer is always the one the actions taken one after the other give, and a refusal is
// recorded. So the writer's thread, the bound of throughput, spends its time on commits alone.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/group_sync.h"
#include "engine/service.h"

namespace sunlit {

// A CaseService shared by threads, one fsync per group of commits: see the contract above.
class GroupCommit {
 public:
  // `store` must be open with Durability::group; `clock` is read by the service.
  static Result<std::unique_ptr<GroupCommit>> start(Store& store, const Clock& clock);

  Served<CaseView> open(const std::string& power, const std::string& party,
                        const std::vector<std::pair<std::string, std::string>>& sets, const std::string& as);
  Served<CaseView> advance(const std::string& case_id, const Command& cmd);
  // Any other call of the service, run the same way: fn(service) under the lock, then the sync.
  template <class T>
  Served<T> run(const std::function<Served<T>(CaseService&)>& fn) {
    auto [result, failed] = sync_.run([&] { return fn(service_); });
    if (failed) return CaseError{CaseError::storage, *failed};
    return result;
  }

  std::int64_t writes() const { return sync_.writes(); }
  std::int64_t syncs() const { return sync_.syncs(); }

 private:
  // A caller's own connection and service for preparing advances.
  struct Reader {
    std::unique_ptr<Store> store;
    std::unique_ptr<CaseService> service;
  };

  GroupCommit(Store& store, const Clock& clock, GroupSync::SyncFn sync)
      : store_(store), clock_(clock), service_(store, clock), sync_(std::move(sync)) {}

  std::unique_ptr<Reader> take_reader();  // null: none could be opened (advance() then runs whole on the writer)
  void give_back(std::unique_ptr<Reader> reader);

  Store& store_;
  const Clock& clock_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Reader>> readers_;  // idle ones
  CaseService service_;
  GroupSync sync_;
};

}  // namespace sunlit
