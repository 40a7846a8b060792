// Public disclosure (issue 5 item 8): only results whose disclosure is public now are exported,
// with the party masked; confidential powers, internal steps, on-request outcomes, case fields,
// notes and officials never appear.
#include <catch2/catch.hpp>

#include "engine/mask.h"
#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

TEST_CASE("masking: surname kept, numbers masked, organisations kept") {
  CHECK(mask_person("张三") == "张*");
  CHECK(mask_person("王小明") == "王**");
  CHECK(mask_person("欧阳修") == "欧阳*");
  CHECK(mask_person("Zhang San") == "Zhang ***");
  CHECK(mask_person("ann") == "a**");
  CHECK(mask_person("") == "");
  CHECK(mask_numbers("电话13812345678") == "电话138****5678");
  CHECK(mask_numbers("身份证11010119900307123X号") == "身份证******************号");
  CHECK(mask_numbers("第001号 2026年") == "第001号 2026年");
  CHECK(mask_numbers("0105551234") == "**********");
  CHECK(mask_party("北京某某餐饮有限公司", true) == "北京某某餐饮有限公司");
  CHECK(mask_party("张三 13812345678", false) == "张* ***********");
  CHECK(mask_party("某某公司 13812345678", true) == "某某公司 138****5678");
}

namespace {

// The permit and the confidential fixture deployed; cases run on both.
struct Env {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    store = std::move(*Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("publish/permit.yaml"),
                          data_path("publish/secret.yaml")},
                         "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }
  void ok(Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
  }
  // Opens a case of `power` for `party` and takes it to `decision` (grant or refuse) an hour per step.
  void run(const std::string& power, const std::string& party, const std::string& kind, const std::string& decision) {
    ok(svc->open(power, party, {}, "ann"));
    std::string id = store->all_case_ids()->back();
    clock.set(clock.now() + 3600);
    ok(svc->advance(id, {"accept", "ann", "", {{"party_kind", kind}, {"phone", "13812345678"}}, "note-secret-1"}));
    clock.set(clock.now() + 3600);
    ok(svc->advance(id, {"done", "bob", "", {{"review_opinion", "opinion-secret-2"}}, ""}));
    clock.set(clock.now() + 3600);
    ok(svc->advance(id, {decision, "dee", "", {}, "note-secret-3"}));
    clock.set(clock.now() + 3600);
  }
  Publication publish(std::optional<Instant> since = std::nullopt) {
    auto r = svc->publish(since);
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<Publication>(r);
  }
};

}  // namespace

TEST_CASE("publish: public steps and outcomes only, party masked, nothing internal") {
  Env env;
  env.run("T-PUB", "张三", "person", "grant");                  // 2026-000001
  env.run("T-PUB", "北京某某有限公司", "organisation", "refuse");  // 2026-000002: refusal on request only
  env.run("T-SEC", "李四", "person", "grant");                  // 2026-000003: confidential
  auto p = env.publish();
  REQUIRE(p.records.size() == 3);
  const auto& a = p.records[0];
  CHECK(a.case_id == "2026-000001");
  CHECK(a.kind == "step");
  CHECK(a.item == "accept");
  CHECK(a.result == "Accepted");
  CHECK(a.party == "张*");
  CHECK(a.body == "Town Bureau");
  CHECK(a.forms == std::vector<std::string>{"website", "notice_board"});
  CHECK(format_local(a.at) == "2026-03-02T10:00:00+08:00");
  const auto& g = p.records[1];
  CHECK(g.case_id == "2026-000001");
  CHECK(g.kind == "outcome");
  CHECK(g.item == "granted");
  CHECK(g.result == "granted");
  CHECK(g.within == "7 working days (art. 40)");
  const auto& b = p.records[2];
  CHECK(b.case_id == "2026-000002");
  CHECK(b.item == "accept");
  CHECK(b.party == "北京某某有限公司");

  std::string all = publication_json(p).dump() + publication_csv(p);
  for (const char* leak : {"T-SEC", "Secret permit", "李四", "张三", "13812345678", "note-secret", "opinion-secret",
                           "ann", "bob", "dee", "intake", "reviewer", "Review", "refused", "review_opinion"})
    CHECK(all.find(leak) == std::string::npos);
}

TEST_CASE("publish --since keeps later results; nothing after the export's time") {
  Env env;
  env.run("T-PUB", "张三", "person", "grant");
  CHECK(env.publish(*parse_instant("2026-03-02T11:30")).records.size() == 1);  // the grant at 12:00
  CHECK(env.publish(*parse_instant("2026-03-03")).records.empty());
  env.clock.set(*parse_instant("2026-03-02T10:30"));
  CHECK(env.publish().records.size() == 1);  // as of 10:30 only the acceptance had happened
}

TEST_CASE("publish CSV: a header and one quoted-when-needed line per record") {
  Env env;
  env.run("T-PUB", "Zhang, San", "person", "grant");
  std::string csv = publication_csv(env.publish());
  CHECK(csv ==
        "case,power,power_name,body,kind,item,name,result,party,at,forms,time,within\n"
        "2026-000001,T-PUB,Street permit,Town Bureau,step,accept,Accept,Accepted,\"Zhang, ***\",2026-03-02T10:00:00+08:00,"
        "website notice_board,as_it_happens,\n"
        "2026-000001,T-PUB,Street permit,Town Bureau,outcome,granted,Granted,granted,\"Zhang, ***\","
        "2026-03-02T12:00:00+08:00,website,as_it_happens,7 working days (art. 40)\n");
}
