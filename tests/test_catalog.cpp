// The catalog of powers: grouping, statistics, formats, and the confidential catalog kept apart.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/catalog.h"
#include "engine/workspace.h"

using namespace sunlit;

namespace {

Process power(const std::string& code, const std::string& name, Category category, bool confidential = false) {
  Process p;
  p.power.code = code;
  p.power.name = name;
  p.power.category = category;
  p.power.basis.push_back({"中华人民共和国行政许可法", "第三十二条", "", {}});
  p.power.body = "西城区市场监督管理局";
  p.power.office = "许可科";
  p.power.responsible = "张明";
  p.power.disclosure.forms = {"website", "notice_board"};
  p.power.risk = 2;
  p.power.confidential = confidential;
  if (confidential) {
    p.power.confidential_basis = "保守国家秘密法第九条";
    p.power.confidential_reason = "涉及国家秘密 TopSecretReason";
  }
  return p;
}

std::vector<Process> sample() {
  return {power("B-2", "食品经营许可", Category::license), power("A-1", "对无照经营的处罚", Category::penalty),
          power("A-1", "对无照经营的处罚", Category::penalty), power("Z-9", "Classified Fixture Power", Category::internal, true)};
}

const char* kSecrets[] = {"Z-9", "Classified Fixture Power", "TopSecretReason", "保守国家秘密法"};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("powers are grouped by code, sorted, and counted with their flowcharts") {
  PowerCatalog c = build_catalog(sample());
  REQUIRE(c.public_entries.size() == 2);
  CHECK(c.public_entries[0].power.code == "A-1");
  CHECK(c.public_entries[0].flowcharts == 2);
  CHECK(c.public_entries[1].power.code == "B-2");
  REQUIRE(c.confidential_entries.size() == 1);
  CatalogStats s = c.public_stats();
  CHECK(s.total_powers == 2);
  CHECK(s.total_flowcharts == 3);
  CHECK(s.powers[static_cast<size_t>(Category::penalty)] == 1);
  CHECK(s.flowcharts[static_cast<size_t>(Category::penalty)] == 2);
  CHECK(s.powers[static_cast<size_t>(Category::internal)] == 0);
}

TEST_CASE("one confidential flowchart makes its power confidential") {
  auto ps = sample();
  ps.push_back(power("B-2", "食品经营许可", Category::license, true));
  PowerCatalog c = build_catalog(ps);
  CHECK(c.public_entries.size() == 1);
  CHECK(c.confidential_entries.size() == 2);
}

TEST_CASE("public output never shows a confidential power, in any format") {
  PowerCatalog c = build_catalog(sample());
  for (auto f : {CatalogFormat::table, CatalogFormat::csv, CatalogFormat::json}) {
    std::string out = render_public_catalog(c, f);
    for (const char* secret : kSecrets) {
      INFO(secret);
      CHECK(out.find(secret) == std::string::npos);
    }
    CHECK(out.find("食品经营许可") != std::string::npos);
  }
}

TEST_CASE("the confidential catalog shows only confidential powers") {
  PowerCatalog c = build_catalog(sample());
  std::string table = render_confidential_catalog(c, CatalogFormat::table);
  CHECK(table.find("Classified Fixture Power") != std::string::npos);
  CHECK(table.find("TopSecretReason") != std::string::npos);
  CHECK(table.find("食品经营许可") == std::string::npos);
  auto j = nlohmann::json::parse(render_confidential_catalog(c, CatalogFormat::json));
  REQUIRE(j["confidential"].size() == 1);
  CHECK(j["confidential"][0]["code"] == "Z-9");
  CHECK(j["confidential"][0]["basis"] == "保守国家秘密法第九条");
  CHECK(render_confidential_catalog(c, CatalogFormat::csv) ==
        "code,name,basis,reason\r\nZ-9,Classified Fixture Power,保守国家秘密法第九条,涉及国家秘密 TopSecretReason\r\n");
}

TEST_CASE("statistics list all nine categories with zeros and a total") {
  PowerCatalog c = build_catalog(sample());
  auto j = nlohmann::json::parse(render_public_catalog(c, CatalogFormat::json));
  REQUIRE(j["statistics"]["categories"].size() == 9);
  CHECK(j["statistics"]["categories"][0]["category"] == "license");
  CHECK(j["statistics"]["categories"][8]["category"] == "internal");
  CHECK(j["statistics"]["categories"][8]["powers"] == 0);
  CHECK(j["statistics"]["total"]["powers"] == 2);
  CHECK(j["statistics"]["total"]["flowcharts"] == 3);
  CHECK(j["powers"][0]["category_zh"] == "行政处罚");
  CHECK(j["powers"][0]["disclosure"]["forms"].size() == 2);
  std::string table = render_public_catalog(c, CatalogFormat::table);
  CHECK(table.find("9 internal 内部管理           0           0") != std::string::npos);
  CHECK(table.find("total 合计                    2           3") != std::string::npos);
}

TEST_CASE("table columns line up by display width, CJK counting two cells") {
  PowerCatalog c = build_catalog(sample());
  auto ls = lines(render_public_catalog(c, CatalogFormat::table));
  REQUIRE(ls.size() >= 6);
  CHECK(ls[0] == "Catalog of powers (职权目录): 2 powers, 3 flowcharts");
  // Header, rule and rows: the second column starts at the same display column.
  std::string rule = ls[3];
  size_t first_gap = rule.find("  ");
  REQUIRE(first_gap != std::string::npos);
  for (size_t i = 2; i < 6; ++i) {
    INFO(ls[i]);
    std::string row = ls[i];
    // bytes before the second column are ASCII (codes), so display width equals byte count here
    CHECK(row.substr(first_gap, 2) == "  ");
    CHECK(row[first_gap + 2] != ' ');
  }
  CHECK(display_width(ls[4]) <= display_width(rule));
}

TEST_CASE("csv quotes fields per RFC 4180") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  auto ps = sample();
  ps[0].power.office = "执法科, \"一队\"";
  std::string out = render_public_catalog(build_catalog(ps), CatalogFormat::csv);
  auto ls = lines(out);
  REQUIRE(ls.size() == 3);
  CHECK(ls[0] == "code,name,category,basis,body,office,responsible,initiation,disclosure_form,disclosure_scope,"
                 "disclosure_time,fee_basis,fee_standard,risk,flowcharts\r");
  CHECK(out.find("\"执法科, \"\"一队\"\"\"") != std::string::npos);
  CHECK(ls[1].rfind("A-1,对无照经营的处罚,penalty 行政处罚,中华人民共和国行政许可法 第三十二条,", 0) == 0);
  CHECK(ls[2].find("\"website, notice_board\",public 社会公开,permanent 长期公开,,,2 medium,1\r") != std::string::npos);
}

TEST_CASE("an empty catalog still lists the nine categories") {
  PowerCatalog c = build_catalog({});
  auto j = nlohmann::json::parse(render_public_catalog(c, CatalogFormat::json));
  CHECK(j["powers"].empty());
  CHECK(j["statistics"]["categories"].size() == 9);
  CHECK(render_confidential_catalog(c, CatalogFormat::csv) == "code,name,basis,reason\r\n");
}

TEST_CASE("the table clips a long basis at whole characters; csv keeps it all") {
  auto ps = sample();
  ps[1].power.basis.assign(8, {"中华人民共和国行政处罚法", "第五十四条", "", {}});
  PowerCatalog c = build_catalog(ps);
  std::string table = render_public_catalog(c, CatalogFormat::table);
  CHECK(table.find("中华人民共和国行政处罚法 第五十四条; 中…") != std::string::npos);
  CHECK(table.find("对无照经营的处罚") != std::string::npos);
  std::string csv_text = render_public_catalog(c, CatalogFormat::csv);
  CHECK(csv_text.find("中华人民共和国行政处罚法 第五十四条; 中华人民共和国行政处罚法 第五十四条; 中华人民共和国行政处罚法") != std::string::npos);
}
