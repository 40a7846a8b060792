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
  auto whole = [&](CaseService& s) { return s.advance(case_id, cmd); };
  std::unique_ptr<Reader> reader = take_reader();
  if (!reader) return run<CaseView>(whole);
  auto prepared = reader->service->prepare_advance(case_id, cmd);
  auto* p = std::get_if<PreparedAdvance>(&prepared);
  if (!p) {  // an error or a refusal, decided again (and a refusal recorded) on the newest state
    give_back(std::move(reader));
    return run<CaseView>(whole);
  }
  // The writer's answer: the commit, or (the case changed since it was read) the whole advance.
  using Written = std::variant<CommitInfo, Served<CaseView>>;
  auto [written, failed] = sync_.run([&]() -> Written {
    auto done = store_.commit(p->change);
    if (done) return *done;
    if (done.error().kind == StoreError::conflict) return whole(service_);
    return Served<CaseView>(from_store(done.error()));
  });
  Served<CaseView> answer = failed ? Served<CaseView>(CaseError{CaseError::storage, *failed})
                            : std::holds_alternative<CommitInfo>(written)
                                ? Served<CaseView>(reader->service->finish_advance(*p, std::get<CommitInfo>(written)))
                                : std::get<Served<CaseView>>(std::move(written));
  give_back(std::move(reader));
  return answer;
}

std::unique_ptr<GroupCommit::Reader> GroupCommit::take_reader() {
  {
    std::lock_guard lock(readers_mutex_);
    if (!readers_.empty()) {
      auto reader = std::move(readers_.back());
      readers_.pop_back();
      return reader;
    }
  }
  auto store = store_.reopen();
  if (!store) return nullptr;
  auto reader = std::make_unique<Reader>();
  reader->store = std::move(*store);
  reader->service = std::make_unique<CaseService>(*reader->store, clock_);
  return reader;
}

void GroupCommit::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard lock(readers_mutex_);
  readers_.push_back(std::move(reader));
}

}  // namespace sunlit
