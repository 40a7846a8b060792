#include "engine/group_commit.h"

namespace sunlit {

Result<std::unique_ptr<GroupCommit>> GroupCommit::start(Store& store, const Clock& clock) {
  auto log = store.log_sync();
  if (!log) return log.error();
  GroupSync::SyncFn sync = [log = std::move(*log)]() -> std::optional<std::string> {
    if (auto failed = log()) return failed->message;
    return std::nullopt;
  };
  return std::unique_ptr<GroupCommit>(new GroupCommit(store, clock, std::move(sync)));
}

Served<CaseView> GroupCommit::open(const std::string& power, const std::string& party,
                                   const std::vector<std::pair<std::string, std::string>>& sets,
                                   const std::string& as) {
  return run<CaseView>([&](CaseService& s) { return s.open(power, party, sets, as); });
}

Served<CaseView> GroupCommit::advance(const std::string& case_id, const Command& cmd) {
  return run<CaseView>([&](CaseService& s) { return s.advance(case_id, cmd); });
}

}  // namespace sunlit
