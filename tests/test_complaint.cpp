// Complaints (issue 5 item 6): a complaint about a case is a case of the petition process,
// opened in one transaction, routed by one of the case's channels and linked both ways; bad
// input stores nothing; the link survives `admin rebuild` because it lives in the event log.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

std::string repo(const std::string& p) { return std::string(SUNLIT_SOURCE_DIR) + "/" + p; }

// The permit fixture and the shipped petition process deployed; a fixed clock.
struct Env {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  explicit Env(bool with_petition = true) {
    store = std::move(*Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    std::vector<std::string> files{data_path("cases/town.org.yaml"), data_path("publish/permit.yaml")};
    if (with_petition) {
      files.push_back(repo("processes/xicheng.org.yaml"));
      files.push_back(repo("processes/petition.yaml"));
    }
    Diagnostics d;
    auto r = svc->deploy(files, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
    auto v = svc->open("T-PUB", "张三", {}, "");
    REQUIRE(std::holds_alternative<CaseView>(v));
    REQUIRE(std::get<CaseView>(v).id == "2026-000001");
  }
  size_t event_count() {
    size_t n = 0;
    auto ids = *store->all_case_ids();
    for (const auto& id : ids) n += store->events(id)->size();
    return n;
  }
  CaseError error(Served<ComplaintView> r) {
    REQUIRE(std::holds_alternative<CaseError>(r));
    return std::get<CaseError>(r);
  }
};

}  // namespace

TEST_CASE("a complaint is a petition case routed by the channel, linked both ways") {
  Env env;
  auto r = env.svc->file_complaint({"2026-000001", "hotline", "等了一个月没有答复", "", "", ""});
  if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
  const auto& c = std::get<ComplaintView>(r);
  CHECK(c.complaint.id == "2026-000002");
  CHECK(c.complaint.power == kComplaintPower);
  CHECK(c.complaint.party == "张三");
  CHECK(c.body == "Town hotline");
  CHECK(c.contact == "12345");
  CHECK(c.channel_kind == "hotline");
  REQUIRE(c.complaint.open.size() == 1);
  CHECK(c.complaint.open[0].step == "register");
  REQUIRE(c.complaint.open[0].deadline);  // the petition process's 15 days (arts. 22, 23)
  CHECK(c.complaint.open[0].deadline->limit.amount == 15);

  auto events = *env.store->events("2026-000002");
  REQUIRE(events.front().kind == "opened");
  auto p = nlohmann::json::parse(events.front().payload);
  CHECK(p["complaint_of"] == "2026-000001");
  CHECK(p["channel"] == "hotline");
  CHECK(p["text"] == "等了一个月没有答复");
  CHECK(p["body"] == "Town hotline");
  CHECK(p["data"]["related_case"] == "2026-000001");

  auto shown = env.svc->show("2026-000001");
  REQUIRE(std::holds_alternative<CaseView>(shown));
  CHECK(std::get<CaseView>(shown).complaints == std::vector<std::string>{"2026-000002"});
  auto list = std::get<std::vector<ComplaintCase>>(env.svc->complaints("2026-000001"));
  REQUIRE(list.size() == 1);
  CHECK(list[0].id == "2026-000002");
  CHECK(list[0].channel == "hotline");
  CHECK(list[0].status == CaseStatus::open);
  CHECK(std::get<std::vector<ComplaintCase>>(env.svc->complaints("")).size() == 1);
  CHECK(std::get<std::vector<ComplaintCase>>(env.svc->complaints("2026-000002")).empty());

  SECTION("the complaint case runs like any petition case") {
    Command accept{"accept", "tang_yu", "", {{"petition_kind", "complaint_request"}}, ""};
    auto v = env.svc->advance("2026-000002", accept);
    if (auto* e = std::get_if<CaseError>(&v)) FAIL(e->message);
    CHECK(std::get<CaseView>(v).open.at(0).step == "investigate");
  }
  SECTION("rebuild keeps the link: it is in the event log") {
    auto rb = env.svc->rebuild();
    REQUIRE(std::holds_alternative<RebuildReport>(rb));
    CHECK(std::get<RebuildReport>(rb).differed.empty());
    CHECK(std::get<std::vector<ComplaintCase>>(env.svc->complaints("2026-000001")).size() == 1);
  }
}

TEST_CASE("bad complaints are refused with a plain message and store nothing") {
  Env env;
  size_t before = env.event_count();
  auto e = env.error(env.svc->file_complaint({"2026-000001", "hotlin", "t", "", "", ""}));
  CHECK(e.kind == CaseError::bad_value);
  CHECK(e.message ==
        "case 2026-000001 (T-PUB) has no complaint channel 'hotlin'; did you mean 'hotline'?; its channels: court, hotline");
  e = env.error(env.svc->file_complaint({"2026-000001", "mayor", "t", "", "", ""}));
  CHECK(e.message == "case 2026-000001 (T-PUB) has no complaint channel 'mayor'; its channels: court, hotline");
  e = env.error(env.svc->file_complaint({"2026-999999", "hotline", "t", "", "", ""}));
  CHECK(e.kind == CaseError::not_found);
  CHECK(e.message == "unknown case '2026-999999'");
  e = env.error(env.svc->file_complaint({"2026-000001", "hotline", "", "", "", ""}));
  CHECK(e.message == "a complaint needs its text (--text TEXT)");
  e = env.error(env.svc->file_complaint({"2026-000001", "hotline", "t", "nobody", "", ""}));
  CHECK(e.kind == CaseError::unknown_official);
  CHECK(e.message == "unknown official 'nobody'");
  e = env.error(env.svc->file_complaint({"2026-000001", "hotline", "t", "", "", "NO-SUCH"}));
  CHECK(e.message == "the complaint process NO-SUCH is not deployed (deploy its flowchart first)");
  CHECK(env.event_count() == before);
  CHECK(env.store->all_case_ids()->size() == 1);
}

TEST_CASE("without the petition process deployed, filing says what to deploy") {
  Env env(false);
  auto r = env.svc->file_complaint({"2026-000001", "hotline", "t", "", "", ""});
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(std::get<CaseError>(r).message ==
        "the complaint process XC-XF-QT-001 is not deployed (deploy processes/petition.yaml first)");
  CHECK(env.store->all_case_ids()->size() == 1);
}

TEST_CASE("a complaint's commit is one transaction: a crash leaves no complaint behind") {
  Env env;
  env.store->fail_next_commit_at(FaultPoint::after_events);
  auto r = env.svc->file_complaint({"2026-000001", "hotline", "t", "", "", ""});
  REQUIRE(std::holds_alternative<CaseError>(r));
  CHECK(env.store->all_case_ids()->size() == 1);
  CHECK(std::get<std::vector<ComplaintCase>>(env.svc->complaints("")).empty());
}
