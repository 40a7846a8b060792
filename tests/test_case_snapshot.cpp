// snapshot_text() against to_json().dump(): the same bytes, on generated states.
#include <catch2/catch.hpp>
#include <random>
#include "engine/case_snapshot.h"

using namespace sunlit;
using json = nlohmann::json;

namespace {

// Builds random case states whose strings need every kind of escaping nlohmann does.
class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool coin() { return below(2) == 1; }
  Instant instant() { return coin() ? 1772413200 + below(100000000) : -below(1000); }

  std::string text() {
    static const char* pieces[] = {"a", "Z", "9", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\x01",
                                   "\x1f", "\x7f", "许可", "é", "申请人", "<tag>", "{}", "[1]", "'", "~"};
    std::string t;
    for (int n = below(6); n > 0; --n) t += pieces[below(sizeof pieces / sizeof *pieces)];
    return t;
  }
  std::vector<std::string> texts() {
    std::vector<std::string> v;
    for (int n = below(4); n > 0; --n) v.push_back(text());
    return v;
  }
  std::map<std::string, std::vector<std::string>> lists() {
    std::map<std::string, std::vector<std::string>> m;
    for (int n = below(5); n > 0; --n) m[text()] = texts();
    return m;
  }
  double amount() {
    static const double values[] = {0, 1, 2.5, 15, 0.1, 1e20, -3.75, 60, 1.0 / 3};
    return values[below(sizeof values / sizeof *values)];
  }
  json value(int depth) {
    switch (below(depth > 2 ? 5 : 7)) {
      case 0: return below(1000000) - 500000;
      case 1: return amount();
      case 2: return text();
      case 3: return coin();
      case 4: return nullptr;
      case 5: {
        json a = json::array();
        for (int n = below(3); n > 0; --n) a.push_back(value(depth + 1));
        return a;
      }
      default: {
        json o = json::object();
        for (int n = below(3); n > 0; --n) o[text()] = value(depth + 1);
        return o;
      }
    }
  }
  Period period() { return {amount(), static_cast<Unit>(below(4)), text(), {}}; }

  CaseState state() {
    CaseState s;
    s.id = text();
    s.definition_id = below(50);
    s.power = text();
    s.definition_version = below(9);
    s.party = text();
    s.opened_at = instant();
    s.closed = coin();
    s.outcome = text();
    s.closed_at = instant();
    s.last_seq = below(99);
    for (int n = below(4); n > 0; --n) s.data[text()] = value(0);
    for (int n = below(4); n > 0; --n) {
      Token t{text(), instant(), texts(), std::nullopt, coin()};
      if (coin()) t.due = instant();
      s.open.push_back(t);
    }
    s.arrived = lists();
    s.done_by = lists();
    if (coin()) {
      s.clock.status = static_cast<CaseClock::Status>(1 + below(3));
      s.clock.due = instant();
      s.clock.estimated = coin();
      s.clock.suspended_by = texts();
      s.clock.reason = text();
      s.clock.suspended_since = coin() ? instant() : 0;
      for (int n = below(3); n > 0; --n) {
        s.clock.extended += 1.5;
        s.clock.extensions.push_back({instant(), amount(), text(), text(), text(), text(), instant()});
      }
    }
    for (int n = below(3); n > 0; --n)
      s.cards.push_back({below(9), coin() ? "yellow" : "red", text(), text(), text(), instant(), instant()});
    for (int n = below(3); n > 0; --n) {
      RightState r{text(), text(), text(), instant(), std::nullopt, std::nullopt, coin(),
                   coin() ? "open" : "used", instant(), text(), text()};
      if (coin()) r.due = instant();
      if (coin()) r.window = period();
      s.rights.push_back(r);
    }
    for (int n = below(3); n > 0; --n) {
      Remedy m{text(), text(), text(), text(), text(), instant(), std::nullopt, std::nullopt, coin()};
      if (coin()) m.due = instant();
      if (coin()) m.period = period();
      s.remedies.push_back(m);
    }
    return s;
  }

 private:
  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("snapshot_text writes what to_json().dump() writes, byte for byte") {
  SECTION("an empty state") {
    CaseState s;
    CHECK(snapshot_text(s) == to_json(s).dump());
    CHECK(snapshot_text(s) ==
          R"({"arrived":{},"closed":false,"closed_at":0,"data":{},"definition_id":0,"definition_version":0,)"
          R"("done_by":{},"open":[],"opened_at":0,"outcome":"","party":"","power":""})");
  }
  SECTION("5,000 generated states, with every kind of string, number and optional member") {
    Gen gen(20261123);
    int with_clock = 0, with_escapes = 0;
    for (int i = 0; i < 5000; ++i) {
      CaseState s = gen.state();
      const std::string expected = to_json(s).dump();
      const std::string got = snapshot_text(s);
      if (got != expected) FAIL("state " << i << "\n got: " << got << "\nwant: " << expected);
      with_clock += s.clock.status != CaseClock::Status::none;
      with_escapes += expected.find("\\u00") != std::string::npos;
    }
    CHECK(with_clock > 1000);  // the generator does reach what it is meant to
    CHECK(with_escapes > 1000);
  }
  SECTION("a string that is not UTF-8 is refused as nlohmann refuses it") {
    CaseState s;
    s.party = "bad \xff byte";
    CHECK_THROWS_AS(to_json(s).dump(), json::type_error);
    CHECK_THROWS_AS(snapshot_text(s), json::type_error);
  }
}
