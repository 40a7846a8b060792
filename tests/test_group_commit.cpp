// Group commit: officials acting from several threads on one store, each action its own
// transaction, acknowledged only after an fsync that covers it, several commits per fsync.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/audit.h"
#include "engine/batch.h"
#include "engine/group_commit.h"
#include "engine/sqlite.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

// The shop fixture deployed into a Durability::group store, and a GroupCommit over it.
struct GroupEnv {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<GroupCommit> group;

  GroupEnv() {
    StoreOptions options;
    options.durability = Durability::group;
    store = test::ok(Store::open(dir.file("sunlit.db"), options));
    CaseService deployer(*store, clock);
    Diagnostics d;
    auto r = deployer.deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml")}, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
    group = test::ok(GroupCommit::start(*store, clock));
  }
};

// One case of the shop licence from opening to its grant: 5 actions.
std::optional<std::string> run_case(GroupCommit& g, int i) {
  auto opened = g.open("T-1", "Shop " + std::to_string(i), {}, "");
  if (auto* e = std::get_if<CaseError>(&opened)) return e->message;
  const std::string id = std::get<CaseView>(opened).id;
  const std::vector<Command> steps{{"accept", "ann", "", {{"area", "40"}}, ""},
                                   {"done", "bob", "", {}, ""},
                                   {"done", "cy", "", {}, ""},
                                   {"request_hearing", "ann", "", {}, ""},
                                   {"grant", "dee", "", {}, ""}};
  for (const auto& c : steps) {
    auto r = g.advance(id, c);
    if (auto* e = std::get_if<CaseError>(&r)) return id + ": " + e->message;
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("group commit: four officials' threads, every action stored once, fewer fsyncs than commits") {
  GroupEnv env;
  constexpr int kThreads = 4, kCasesEach = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < kCasesEach; ++k)
        if (auto failed = run_case(*env.group, t * kCasesEach + k)) {
          UNSCOPED_INFO(*failed);
          ++failures;
        }
    });
  for (auto& th : threads) th.join();
  REQUIRE(failures == 0);

  constexpr int kCases = kThreads * kCasesEach;
  CHECK(env.group->writes() == kCases * 6);  // 1 open + 5 advances each
  CHECK(env.group->syncs() >= 1);
  CHECK(env.group->syncs() <= env.group->writes());
  auto ids = test::ok(env.store->all_case_ids());
  REQUIRE(ids.size() == kCases);
  for (const auto& id : ids) {
    auto row = test::ok(env.store->load_case(id));
    CHECK(row.status == CaseStatus::closed);
    CHECK(row.outcome == "granted");
    CHECK(row.version == 6);
    auto report = test::ok(env.store->verify_chains(id));
    CHECK(report.ok());
  }
}

TEST_CASE("group commit: the same signature twice at once is taken once, the other refused") {
  GroupEnv env;
  auto opened = env.group->open("T-1", "Shop", {}, "");
  const std::string id = std::get<CaseView>(opened).id;
  REQUIRE(std::holds_alternative<CaseView>(env.group->advance(id, {"accept", "ann", "", {{"area", "40"}}, ""})));
  // Review needs two distinct officials' signatures: bob's second one at the same moment is refused.
  std::atomic<int> won{0}, refused{0};
  std::thread a([&] { std::holds_alternative<CaseView>(env.group->advance(id, {"done", "bob", "", {}, ""})) ? ++won : ++refused; });
  std::thread b([&] { std::holds_alternative<CaseView>(env.group->advance(id, {"done", "bob", "", {}, ""})) ? ++won : ++refused; });
  a.join();
  b.join();
  CHECK(won == 1);  // actions are taken one at a time, each on the state the one before left
  CHECK(refused == 1);
  auto row = test::ok(env.store->load_case(id));
  CHECK(row.version == 3);
}

TEST_CASE("group commit: two officials' signatures on one case at once are both taken, none lost to the version check") {
  // Each thread prepares its advance on the state it read; when the other's commit lands first,
  // the writer finds the version moved and runs the advance again on the newest state.
  GroupEnv env;
  constexpr int kCases = 20;
  for (int i = 0; i < kCases; ++i) {
    auto opened = env.group->open("T-1", "Shop " + std::to_string(i), {}, "");
    const std::string id = std::get<CaseView>(opened).id;
    REQUIRE(std::holds_alternative<CaseView>(env.group->advance(id, {"accept", "ann", "", {{"area", "40"}}, ""})));
    std::atomic<int> won{0};
    std::thread a([&] { won += std::holds_alternative<CaseView>(env.group->advance(id, {"done", "bob", "", {}, ""})); });
    std::thread b([&] { won += std::holds_alternative<CaseView>(env.group->advance(id, {"done", "cy", "", {}, ""})); });
    a.join();
    b.join();
    CHECK(won == 2);
    auto row = test::ok(env.store->load_case(id));
    CHECK(row.version == 4);
    int signed_ = 0, refused = 0;
    for (const auto& e : test::ok(env.store->events(id))) {
      signed_ += e.kind == "signed";
      refused += e.kind == "refused";
    }
    CHECK(signed_ == 1);  // the first signature; the second completed the review
    CHECK(refused == 0);
    CHECK(test::ok(env.store->verify_chains(id)).ok());
  }
}

TEST_CASE("group commit: an advance the caller's read refuses is decided again and recorded by the writer") {
  GroupEnv env;
  auto opened = env.group->open("T-1", "Shop", {}, "");
  const std::string id = std::get<CaseView>(opened).id;
  auto r = env.group->advance(id, {"accept", "bob", "", {{"area", "40"}}, ""});  // bob does not hold intake
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(std::get<CaseError>(r).kind == CaseError::wrong_post);
  int refused = 0;
  for (const auto& e : test::ok(env.store->events(id))) refused += e.kind == "refused";
  CHECK(refused == 1);  // recorded once, by the writer
  CHECK(test::ok(env.store->load_case(id)).version == 1);  // and nothing else changed
  auto unknown = env.group->advance("2026-999999", {"accept", "ann", "", {}, ""});
  REQUIRE(std::holds_alternative<CaseError>(unknown));
  CHECK(std::get<CaseError>(unknown).message == "unknown case '2026-999999'");
}

TEST_CASE("group sync: a write waits for a sync that started after it; a failed sync fails the writes it covered") {
  std::atomic<int> calls{0};
  std::atomic<bool> fail{false};
  GroupSync g([&]() -> std::optional<std::string> {
    ++calls;
    if (fail) return std::string("disk gone");
    return std::nullopt;
  });
  auto [value, failed] = g.run([] { return 7; });
  CHECK(value == 7);
  CHECK_FALSE(failed);
  CHECK(calls == 1);
  fail = true;
  auto [v2, f2] = g.run([] { return 8; });
  CHECK(v2 == 8);
  REQUIRE(f2);
  CHECK(*f2 == "disk gone");
  fail = false;
  auto [v3, f3] = g.run([] { return 9; });
  CHECK(v3 == 9);
  REQUIRE(f3);  // a failed sync is final: the log may have lost frames a later write builds on
  CHECK(*f3 == "disk gone");
  CHECK(calls == 2);  // and no sync is tried again
  CHECK(g.writes() == 3);
  CHECK(g.syncs() == 2);
}

TEST_CASE("group sync: an exception thrown by a write reaches its own caller, and the group goes on") {
  GroupSync g([]() -> std::optional<std::string> { return std::nullopt; });
  CHECK_THROWS_WITH(g.run([]() -> int { throw std::runtime_error("write broke"); }), "write broke");
  auto [value, failed] = g.run([] { return 5; });
  CHECK(value == 5);
  CHECK_FALSE(failed);
}

TEST_CASE("group sync: many threads' writes run one at a time, each settled after a sync that started after it") {
  std::mutex m;
  std::int64_t finished = 0;       // writes finished, as the writes see it
  bool overlapped = false;
  std::atomic<bool> inside{false};
  std::vector<std::int64_t> sync_starts;  // `finished` when each sync started
  GroupSync g([&]() -> std::optional<std::string> {
    std::lock_guard lock(m);
    sync_starts.push_back(finished);
    return std::nullopt;
  });
  constexpr int kThreads = 8, kEach = 200;
  std::vector<std::thread> pool;
  std::atomic<int> late{0};
  for (int t = 0; t < kThreads; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        auto [mine, failed] = g.run([&] {
          if (inside.exchange(true)) overlapped = true;
          std::lock_guard lock(m);
          std::int64_t n = ++finished;
          inside = false;
          return n;
        });
        std::lock_guard lock(m);  // some sync that started after this write must have run by now
        if (failed || sync_starts.empty() || sync_starts.back() < mine) ++late;
      }
    });
  for (auto& t : pool) t.join();
  CHECK_FALSE(overlapped);
  CHECK(late == 0);
  CHECK(g.writes() == kThreads * kEach);
  CHECK(g.syncs() <= g.writes());
}

TEST_CASE("a store opened for group commit syncs its write-ahead log on demand") {
  TempDir dir;
  StoreOptions options;
  options.durability = Durability::group;
  auto store = test::ok(Store::open(dir.file("sunlit.db"), options));
  auto sync = test::ok(store->log_sync());
  CHECK_FALSE(sync());  // nothing written yet: a sync succeeds
}

TEST_CASE("case batch: every malformed line is named with its number, and nothing is read from it") {
  const std::string text =
      "{\"open\": \"T-1\", \"party\": \"Shop\", \"set\": {\"area\": 40, \"paid\": true}}\n"
      "\n"
      "{\"case\": \"2026-000001\", \"action\": \"accept\", \"as\": \"ann\", \"step\": \"accept\", \"note\": \"n\"}\n"
      "{\"case\": \"x\"}\n"
      "[1]\n"
      "{\"open\": \"T-1\", \"party\": \"p\", \"sett\": {}}\n"
      "not json\n"
      "{\"case\": \"a\", \"action\": \"b\", \"as\": \"c\", \"set\": {\"x\": [1]}}\n"
      "{\"case\": \"a\", \"open\": \"T-1\"}\n"
      "{\"case\": \"a\", \"action\": 3, \"as\": \"c\"}\n"
      "{\"case\": \"a\", \"action\": \"b\", \"as\": \"c\", \"set\": 1}\n";
  BatchParse p = parse_batch(text, "day.jsonl");
  CHECK(p.errors == std::vector<std::string>{
                        "day.jsonl:4: \"action\" is missing",
                        "day.jsonl:5: a line must be a JSON object",
                        "day.jsonl:6: unknown member \"sett\"; did you mean 'set'?",
                        "day.jsonl:7: not a JSON object (malformed JSON)",
                        "day.jsonl:8: the value of field 'x' must be a text, a number or true/false",
                        "day.jsonl:9: a line has either \"open\" (a new case) or \"case\" (an action on one)",
                        "day.jsonl:10: \"action\" must be a non-empty text",
                        "day.jsonl:11: \"set\" must be an object of field: value",
                    });
  REQUIRE(p.items.size() == 2);
  CHECK(p.items[0].line == 1);
  CHECK(p.items[0].open);
  CHECK(p.items[0].power == "T-1");
  CHECK(p.items[0].party == "Shop");
  CHECK(p.items[0].cmd.sets == std::vector<std::pair<std::string, std::string>>{{"area", "40"}, {"paid", "true"}});
  CHECK(p.items[1].line == 3);
  CHECK_FALSE(p.items[1].open);
  CHECK(p.items[1].case_id == "2026-000001");
  CHECK(p.items[1].cmd.action == "accept");
  CHECK(p.items[1].cmd.official == "ann");
  CHECK(p.items[1].cmd.step == "accept");
  CHECK(p.items[1].cmd.note == "n");
}

TEST_CASE("case batch: 4 threads, each case's actions in the file's order, each answered once durable") {
  GroupEnv env;
  constexpr int kCases = 20;
  std::vector<std::string> ids;
  for (int i = 0; i < kCases; ++i) {
    auto opened = env.group->open("T-1", "Shop " + std::to_string(i), {}, "");
    REQUIRE(std::holds_alternative<CaseView>(opened));
    ids.push_back(std::get<CaseView>(opened).id);
  }
  // Step by step across the cases, as a day's file would list them: every accept, then every review…
  const std::vector<std::string> steps{
      R"("action": "accept", "as": "ann", "set": {"area": 40})", R"("action": "done", "as": "bob")",
      R"("action": "done", "as": "cy")", R"("action": "request_hearing", "as": "ann")",
      R"("action": "grant", "as": "dee")"};
  std::string text;
  for (const auto& s : steps)
    for (const auto& id : ids) text += "{\"case\": \"" + id + "\", " + s + "}\n";
  text += "{\"case\": \"" + ids[0] + "\", \"action\": \"grant\", \"as\": \"dee\"}\n";  // closed by then
  BatchParse p = parse_batch(text, "day.jsonl");
  REQUIRE(p.errors.empty());
  const std::int64_t syncs_before = env.group->syncs();
  std::vector<int> lines;
  std::vector<std::string> failures;
  run_batch(*env.group, p.items, 4, [&](const BatchItem& item, const Served<CaseView>& r) {
    lines.push_back(item.line);
    if (auto* e = std::get_if<CaseError>(&r)) failures.push_back(std::to_string(item.line) + ": " + e->message);
  });
  CHECK(lines.size() == p.items.size());
  CHECK(failures == std::vector<std::string>{std::to_string(kCases * 5 + 1) + ": case " + ids[0] +
                                             " is closed (outcome: granted); no action is possible"});
  CHECK(env.group->syncs() - syncs_before < kCases * 5);  // fsyncs shared
  for (const auto& id : ids) {
    auto row = test::ok(env.store->load_case(id));
    CHECK(row.status == CaseStatus::closed);
    CHECK(row.outcome == "granted");
    CHECK(row.version == 6);
  }
}
