// Whole-database replay (issue 5 item 9, `audit replay --all`): FastApplier applies events
// straight from their stored JSON text and must decide exactly what apply() decides on the
// decoded event, every kind, every payload shape, every refusal message; the service replays
// every case over several connections and names a case whose stored snapshot was changed.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <cmath>
#include <cstring>
#include <random>

#include "engine/fast_replay.h"
#include "engine/service.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::data_path;
using sunlit::test::TempDir;
using json = nlohmann::json;
using namespace std::string_literals;

namespace {

CaseEvent ev(const char* kind, json payload, const char* actor = "system", const char* post = "") {
  return CaseEvent{0, 1'772'000'000, actor, post, kind, std::move(payload)};
}

// A log touching every event kind and payload shape apply() reads, including ones that fail.
std::vector<CaseEvent> every_kind() {
  json rights = json::array({{{"kind", "statement"}, {"step", "review"}, {"article", "art. 32"}, {"due", 1'772'600'000},
                              {"window", {{"amount", 3}, {"unit", "workdays"}, {"article", "art. 32"}}},
                              {"estimated", true}},
                             {{"kind", "hearing"}, {"step", "review"}, {"article", "art. 63"}}, 7});
  json remedies = json::array({{{"channel", "reconsideration"}, {"kind", "reconsideration"}, {"body", "区政府"},
                                {"contact", "010-1"}, {"article", "复议法第二十条"}, {"from", 1'772'000'000},
                                {"due", 1'777'000'000}, {"period", {{"amount", 60}, {"unit", "days"}, {"article", "x"}}}},
                               {{"channel", "litigation"}, {"kind", "litigation"}, {"period", {{"unit", "nonsense"}}}}});
  return {
      ev("opened", {{"power", "T-R"}, {"party", "张三 \"Shop\" Ltd"}, {"definition_id", 3}, {"definition_version", 2},
                    {"data", {{"area", 40}, {"fee", "3000.00"}, {"neg", -5}, {"ratio", 0.25}, {"big", 1e300},
                              {"ok", true}, {"list", {"a", "b\n\\c"}}, {"none", nullptr}}}}),
      ev("entered", {{"step", "review"}, {"due", 1'772'500'000}, {"estimated", true}}),
      ev("entered", {{"step", "review"}}),  // fails: already open
      ev("entered", {{"due", 5}}),          // fails: no step
      ev("clock_started", {{"due", 1'773'000'000}}),
      ev("clock_started", {{"due", 1'773'000'000}}),  // fails: twice
      ev("clock_suspended", {{"step", "review"}, {"reason", "补正"}}),
      ev("clock_resumed", {{"due", 1'773'100'000}, {"estimated", false}}),
      ev("extended", {{"due", 1'774'000'000}, {"amount", 10}, {"unit", "workdays"}, {"reason", "复杂"}}, "dee", "head"),
      ev("extended", {{"amount", 1.5}}),  // fails: no due
      ev("warned", {{"colour", "yellow"}, {"due", 1'772'500'000}, {"step", "review"}, {"post", "reviewer"},
                    {"department", "科"}}),
      ev("warned", {{"colour", "red"}, {"due", 1'774'000'000}, {"scope", "case"}, {"step", "x"}}),
      ev("warned", {{"colour", "blue"}, {"due", 1}}),  // fails: colour
      ev("signed", {{"step", "review"}, {"data", {{"opinion", "同意"}, {"n", 18446744073709551615ULL}}}}, "bob"),
      ev("signed", {{"step", "nowhere"}}, "bob"),  // fails: not open
      ev("acted", {{"step", "review"}, {"action", "done"}, {"data", {{"area", 41.5}}}, {"rights", rights},
                   {"to", "decide"}}, "cy", "reviewer"),
      ev("right_used", {{"kind", "statement"}, {"note", "我有话说"}}, "ann", "intake"),
      ev("right_used", {{"kind", "statement"}}),  // fails: no longer open
      ev("right_lapsed", {{"note", "x"}}),        // fails: no kind
      ev("right_lapsed", {{"kind", "hearing"}}),
      ev("split", {{"step", "joint"}, {"to", {"a", "b"}}}),
      ev("entered", {{"step", "a"}, {"due", 1'772'700'000}}),
      ev("entered", {{"step", "hear"}, {"due", 1'772'700'000}}),
      ev("arrived", {{"from", "b"}, {"join", "j"}}),
      ev("arrived", json::object()),
      ev("joined", {{"join", "j"}, {"to", "next"}}),
      ev("elapsed", {{"step", "hear"}, {"right", "statement"}}),  // fails: the right is not open
      ev("elapsed", {{"step", "a"}}),
      ev("chose", {{"branch", 0}, {"step", "x"}, {"to", "y"}}),
      ev("refused", {{"message", "wrong post"}}, "eve", "intake"),
      ev("mystery", json::object()),  // fails: unknown kind
      ev("clock_stopped", json::object()),
      ev("closed", {{"outcome", "granted"}, {"remedies", remedies}}),
      ev("acted", {{"step", "decide"}}),  // fails: after the case closed
      ev("refused", json::object()),
  };
}

}  // namespace

TEST_CASE("FastApplier decides exactly what apply() decides, event by event, failures included") {
  CaseState slow, fast;
  FastApplier applier;
  int failures = 0;
  for (const auto& e : every_kind()) {
    std::string text = e.payload.dump();
    EventView view{"2026-000001", 0, e.at, e.actor, e.post, e.kind, text};
    CaseState slow_next = slow, fast_next = fast;
    std::string slow_why, fast_why;
    bool slow_ok = apply(slow_next, e, &slow_why);
    bool fast_ok = applier.apply(fast_next, view, &fast_why);
    INFO(e.kind << " " << text);
    REQUIRE(slow_ok == fast_ok);
    CHECK(slow_why == fast_why);
    if (!slow_ok) {
      ++failures;
      continue;
    }
    slow = slow_next;
    fast = fast_next;
    REQUIRE(to_json(fast).dump() == to_json(slow).dump());
    CHECK(fast.last_seq == slow.last_seq);
  }
  CHECK(failures == 11);
  CHECK(slow.closed);
  CHECK(slow.remedies.size() == 2);
  CHECK(slow.cards.size() == 2);
}

TEST_CASE("FastApplier refuses a payload that is not JSON and a sequence gap, as apply() does") {
  FastApplier applier;
  CaseState s;
  std::string why;
  CHECK_FALSE(applier.apply(s, EventView{"c", 1, 0, "system", "", "opened", "{\"power\": "}, &why));
  CHECK(why == "the payload is not valid JSON");
  CHECK(applier.apply(s, EventView{"c", 1, 0, "system", "", "opened", "{}"}, &why));
  CHECK_FALSE(applier.apply(s, EventView{"c", 3, 0, "system", "", "refused", "{}"}, &why));
  CHECK(why == "event 3 follows event 1");
}

TEST_CASE("replay --all rebuilds every case on several connections and names a changed snapshot") {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  auto store = test::ok(Store::open(dir.file("sunlit.db")));
  CaseService svc(*store, clock);
  Diagnostics d;
  auto deployed = svc.deploy({data_path("cases/town.org.yaml"), data_path("rights/rights.yaml")}, "designer", d);
  INFO(d.render());
  REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(deployed));
  auto ok = [](Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r);
  };
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    std::string id = ok(svc.open("T-R", "Shop " + std::to_string(i), {}, "")).id;
    ids.push_back(id);
    if (i >= 1) ok(svc.advance(id, {"accept", "ann", "", {{"area", std::to_string(40 + i)}}, ""}));
    if (i >= 2) ok(svc.advance(id, {"done", "bob", "", {}, ""}));
    if (i >= 3) ok(svc.use_right(id, {"hearing", "ann", "please"}));
    if (i >= 4) ok(svc.advance(id, {"grant", "dee", "", {}, ""}));
  }
  REQUIRE(std::holds_alternative<CaseError>(svc.advance(ids[0], {"done", "ann", "", {}, ""})));  // a refusal
  std::int64_t events = 0;
  for (const auto& id : ids) events += static_cast<std::int64_t>(store->events(id)->size());

  for (int threads : {1, 2, 3, 8}) {
    auto r = svc.replay_all(threads, true);
    REQUIRE(std::holds_alternative<ReplayAllReport>(r));
    const auto& rep = std::get<ReplayAllReport>(r);
    CHECK(rep.cases == 5);
    CHECK(rep.events == events);
    CHECK(rep.threads == std::min(threads, 5));
    CHECK(rep.failed.empty());
    CHECK(rep.differed.empty());
  }

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(dir.file("sunlit.db").c_str(), &db) == SQLITE_OK);
  std::string sql = "UPDATE cases SET snapshot = json_set(snapshot, '$.party', 'Someone else') WHERE id = '" + ids[3] + "'";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto r = std::get<ReplayAllReport>(svc.replay_all(2, true));
  CHECK(r.differed == std::vector<std::string>{ids[3]});
  CHECK(std::get<ReplayAllReport>(svc.replay_all(2, false)).differed.empty());  // not compared
}

namespace {

// A value's JSON types, members and elements included: 1 and 1.0, -1 and a double differ here.
// The one difference allowed: "-0" is the integer 0 both ways, signed for nlohmann, unsigned for
// RapidJSON (the same value, written back as "0").
std::string types(const json& j) {
  std::string out;
  if (j.is_object()) {
    out = "{";
    for (const auto& [k, v] : j.items()) out += k + ":" + types(v) + ",";
    return out + "}";
  }
  if (j.is_array()) {
    out = "[";
    for (const auto& v : j) out += types(v) + ",";
    return out + "]";
  }
  if (j.is_number_integer() && j == 0) return "0";
  return std::to_string(static_cast<int>(j.type()));
}

// One stored payload text decided both ways: refused as "not valid JSON" exactly when nlohmann
// cannot read it, otherwise the same outcome, message and state (values and JSON types) as
// apply() on the payload nlohmann decodes, as `audit replay <case>` would.
void same_decision(const std::string& kind, const std::string& text, const CaseState& start = CaseState{}) {
  INFO(kind << " " << text);
  json payload = json::parse(text, nullptr, false);
  FastApplier applier;
  CaseState slow = start, fast = start;
  std::string slow_why, fast_why;
  const std::int64_t seq = start.last_seq + 1;
  bool fast_ok = applier.apply(fast, EventView{"c", seq, 5, "system", "", kind, text}, &fast_why);
  if (payload.is_discarded()) {
    CHECK_FALSE(fast_ok);
    CHECK(fast_why == "the payload is not valid JSON");
    return;
  }
  bool slow_ok = apply(slow, CaseEvent{seq, 5, "system", "", kind, payload}, &slow_why);
  REQUIRE(slow_ok == fast_ok);
  CHECK(slow_why == fast_why);
  CHECK(to_json(fast).dump() == to_json(slow).dump());
  CHECK(types(to_json(fast)) == types(to_json(slow)));
}

}  // namespace

TEST_CASE("FastApplier reads numbers as nlohmann does: integer or double, big, tiny, beyond range") {
  for (const char* n :
       {"0", "-0", "-0.0", "0.0", "1", "-1", "1.0", "1E2", "1e+2", "1e-2", "2147483647", "2147483648", "4294967295",
        "4294967296", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
        "123456789012345678901234567890", "-123456789012345678901234567890", "0.1", "0.30000000000000004",
        "1.7976931348623157e308", "1.7976931348623159e308", "1e308", "1e309", "1e400", "-1e400", "4.9e-324",
        "2.4703282292062327e-324", "2.4703282292062328e-324", "2.2250738585072011e-308", "1e-400",
        "0.0000000000000000000000000000001e300", "100000000000000000000000e290", "1772000000", "1772000000.5",
        "01", "1.", ".5", "+1", "-", "1e", "NaN", "Infinity", "-Infinity", "0x10"}) {
    same_decision("opened", std::string(R"({"definition_id":)") + n + R"(,"definition_version":)" + n +
                                R"(,"data":{"n":)" + n + R"(,"list":[)" + n + "]}}");
    same_decision("entered", std::string(R"({"step":"s","due":)") + n + "}");
    same_decision("extended", std::string(R"({"due":)") + n + R"(,"amount":)" + n + "}");
  }
}

TEST_CASE("FastApplier reads doubles bit for bit as nlohmann does (strtod's rounding)") {
  std::mt19937_64 random(20261122);
  for (int round = 0; round < 40; ++round) {
    std::string text = R"({"data":{)";
    for (int i = 0; i < 100; ++i) {
      double d = 0;
      std::uint64_t bits = random();
      std::memcpy(&d, &bits, sizeof d);
      if (!std::isfinite(d)) d = 1.5;
      std::string digits = std::to_string(random() % 1'000'000'000'000'000'000ULL);
      text += "\"d" + std::to_string(i) + "\":" + json(d).dump() + ",";                               // shortest
      text += "\"e" + std::to_string(i) + "\":" + fmt::format("{:.25e}", d) + ",";                    // long
      text += "\"f" + std::to_string(i) + "\":0." + digits + digits + "e" + std::to_string(static_cast<int>(random() % 600) - 300) + ",";
    }
    text.back() = '}';
    same_decision("opened", text + "}");
  }
}

TEST_CASE("FastApplier reads strings, keys and documents as nlohmann does, or refuses them as it does") {
  for (std::string s :
       {"é", "\\u00e9", "\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\ud83dx", "\\ud83d\\u0041", "\\u0000", "a\\u0000b",
        "\\\"\\\\\\/\\b\\f\\n\\r\\t", "\\x", "\\u12", "\\uZZZZ", "\xff", "\xc0\x80", "\xc3", "\xe4\xb8", "\xed\xa0\x80",
        "\xed\xbf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80",
        "\xe0\x80\xaf", "\x01", "\t", "\x7f", "中文 \"引号\""}) {
    same_decision("opened", R"({"power":")" + s + R"(","data":{")" + s + R"(":")" + s + R"("}})");
  }
  for (const std::string& doc : std::initializer_list<std::string>{
           R"({"power":"a","power":"b","party":"p"})", R"({"data":{"x":1,"x":{"y":2},"z":[1,{"a":1,"a":null}]}})",
        R"({"data":{"x":1},"data":{"y":2}})", R"({"power":1,"party":null,"definition_id":"3","data":[1]})",
        "\xef\xbb\xbf{\"power\":\"bom\"}", " \t\r\n{\"power\":\"ws\"} \t\r\n", "{\"power\":\"x\"} x", "{} {}",
        "{\"power\":\"nul\"}\0trailing"s, "{\"power\":\"a\0b\"}"s, "[]", "[1,2]",
        "5", "\"text\"", "null", "true", "", " ", "{", "}", "{\"a\":}", "{\"a\" 1}", "{,}", "{\"a\":1,}", "[1,]",
        "{'a':1}", "{a:1}", "/* c */ {}", "{} // c", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}",
        std::string(300, '[') + std::string(300, ']')}) {
    same_decision("opened", doc);
  }
  CaseState step_open;
  REQUIRE(apply(step_open, CaseEvent{1, 5, "system", "", "entered", {{"step", "s"}}}, nullptr));
  for (const char* doc : {R"({"step":"s","data":{"x":1,"x":2,"y":[1],"y":"last","z":{"a":1,"a":-2}}})",
                          R"({"step":"t","step":"s","data":{"x":1.0}})", R"({"step":"s","step":"t"})",
                          R"({"step":"s","data":{"x":1},"data":{"y":2}})", R"({"step":"s","right":"none"})"}) {
    same_decision("signed", doc, step_open);
    same_decision("acted", doc, step_open);
  }
}
