// Regression tests for hostile inputs found by fuzzing and by tests/cli/hostile.sh (issue 6,
// docs/hostile-inputs.md): each input is here byte for byte, with the message it must get and
// the proof that nothing was stored.
#include <catch2/catch.hpp>

#include "engine/payload_text.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "engine/workspace.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::data_path;
using sunlit::test::TempDir;

namespace {

std::string repo_path(const std::string& rel) { return std::string(SUNLIT_SOURCE_DIR) + "/" + rel; }

// A database with the shop fixture and the shipped summary-penalty process (it has text fields).
struct Env {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    auto s = Store::open(dir.file("sunlit.db"));
    REQUIRE(s);
    store = std::move(*s);
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml"),
                          repo_path("processes/xicheng.org.yaml"), repo_path("processes/penalty-summary.yaml")},
                         "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }

  std::string refused(Served<CaseView> r) {
    REQUIRE(std::holds_alternative<CaseError>(r));
    CHECK(std::get<CaseError>(r).kind == CaseError::bad_value);
    return std::get<CaseError>(r).message;
  }
  size_t cases() {
    ListFilter all;
    auto l = svc->list(all);
    REQUIRE(std::holds_alternative<std::vector<WorkItem>>(l));
    return std::get<std::vector<WorkItem>>(l).size();
  }
};

}  // namespace

// Found by fuzz_sets and by hand: the JSON library threw type_error 316 from CaseService::commit
// (payload.dump()) and sunlit died with "terminate called…" (exit 134).
TEST_CASE("text that is not UTF-8 is refused with its name before anything is stored") {
  Env env;
  REQUIRE(env.cases() == 0);
  CHECK(env.refused(env.svc->open("T-1", "Shop\xff\xfe", {}, "")) ==
        "the text for 'party' is not valid UTF-8 (byte 0xff at position 5); type it again or save it as UTF-8");
  // fuzz_sets input: the summary-penalty process, `facts=` in GBK (测试 is B2 E2 CA D4 there).
  CHECK(env.refused(env.svc->open("XC-CG-CF-002", "X", {{"facts", "\xb2\xe2\xca\xd4"}}, "")) ==
        "the text for 'facts' is not valid UTF-8 (byte 0xb2 at position 1); type it again or save it as UTF-8");
  // An encoded surrogate (not a character) among valid values.
  CHECK(env.refused(env.svc->open("XC-CG-CF-002", "X", {{"decision_no", "ok"}, {"facts", "a\xed\xa0\x80"}}, "")) ==
        "the text for 'facts' is not valid UTF-8 (byte 0xed at position 2); type it again or save it as UTF-8");
  CHECK(env.cases() == 0);

  auto opened = env.svc->open("T-1", "Shop Ltd", {}, "");
  REQUIRE(std::holds_alternative<CaseView>(opened));
  const std::string id = std::get<CaseView>(opened).id;
  size_t events = env.store->events(id)->size();
  Command note{"accept", "ann", "", {{"area", "40"}}, "ok\xc0\xaf"};
  CHECK(env.refused(env.svc->advance(id, note)) ==
        "the text for 'note' is not valid UTF-8 (byte 0xc0 at position 3); type it again or save it as UTF-8");
  CHECK(env.store->events(id)->size() == events);
  note.note = "好";  // the same action with valid text goes through
  CHECK(std::holds_alternative<CaseView>(env.svc->advance(id, note)));
}

TEST_CASE("invalid_utf8_text walks objects and lists and accepts every valid text") {
  using nlohmann::json;
  CHECK_FALSE(invalid_utf8_text(json{{"party", "张三 O'Brien"}, {"data", {{"tags", {"a", "ü", "😀"}}}}}));
  CHECK(*invalid_utf8_text(json{{"data", {{"tags", {"a", "b\xff"}}}}}) ==
        "the text for 'tags' is not valid UTF-8 (byte 0xff at position 2); type it again or save it as UTF-8");
  CHECK(*invalid_utf8_text(json{{"data", json{{"\xff", 1}}}}) ==
        "a field name is not valid UTF-8; type it again or save it as UTF-8");
  CHECK(*invalid_utf8_text(json("\xe5\xae")) ==  // a cut multi-byte character
        "the text for 'the action' is not valid UTF-8 (byte 0xe5 at position 1); type it again or save it as UTF-8");
}

// Found by tests/cli/hostile.sh: `amount: 1e12` passed `sunlit check`, deployed, and showed
// deadlines in the year 5859.
TEST_CASE("a time limit of more than 100 years is refused; 100 years is accepted") {
  std::string shop = *read_text_file(data_path("cases/shop.yaml"), nullptr);
  std::string org = *read_text_file(data_path("cases/town.org.yaml"), nullptr);
  auto check = [&](const std::string& amount) {
    std::string text = shop;
    auto at = text.find("window: {amount: 5,");
    REQUIRE(at != std::string::npos);
    text.replace(at, 19, "window: {amount: " + amount + ",");
    Workspace ws = load_sources({{"shop.yaml", text}, {"town.org.yaml", org}});
    return ws.diags.render();
  };
  CHECK(check("1e12") ==
        "shop.yaml:54:13: error: time limit of 1000000000000 workdays is more than 100 years (at most 25000 workdays)\n"
        "    window: {amount: 1e12, unit: workdays, article: art. 47}\n"
        "            ^\n");
  CHECK(check("25000.5").find("time limit of 25000.5 workdays is more than 100 years") != std::string::npos);
  // The loader reads YAML's .inf as no amount (0): refused, if with the "greater than 0" message.
  CHECK(check(".inf").find("error: time limit must be greater than 0 (is 0)") != std::string::npos);
  CHECK(check("25000").empty());
}

// Found by tests/cli/hostile.sh: `deploy --as` in GBK was stored, and `versions --json` then died.
TEST_CASE("a deployer's name that is not UTF-8 is refused and nothing is deployed") {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  auto store = Store::open(dir.file("sunlit.db"));
  REQUIRE(store);
  CaseService svc(**store, clock);
  Diagnostics d;
  auto r = svc.deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml")}, "\xc4\xe3", d);
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(std::get<CaseError>(r).message == "the name given with --as is not valid UTF-8; type it again");
  CHECK(std::holds_alternative<CaseError>(svc.versions("T-1")));
}
