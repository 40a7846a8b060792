// The definition cache: the binary form of a loaded definition gives back the same definition
// (the same bytes again, the same drawing, the same runtime decisions) for every shipped
// flowchart and test fixture; damaged bodies are refused, never crash; a database whose cached
// body is damaged still runs its cases and repairs the row; deploy and rebuild fill it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "engine/compiler.h"
#include "engine/definition_codec.h"
#include "engine/dot.h"
#include "engine/runtime.h"
#include "engine/service.h"
#include "engine/sqlite.h"
#include "engine/validator.h"
#include "engine/workspace.h"
#include "support.h"

using namespace sunlit;
using sunlit::test::TempDir;
using sunlit::test::data_path;

namespace {

const std::string kRepo = SUNLIT_SOURCE_DIR;

// One loaded process with its organisation, and whether it validated for running.
struct Loaded {
  std::string name;
  Process process;
  Organisation organisation;
  bool runs = false;
};

// Every process a workspace of `paths` loads with its organisation.
std::vector<Loaded> load(const std::vector<std::string>& paths) {
  Workspace ws = load_workspace(paths);
  std::vector<Loaded> out;
  for (size_t i = 0; i < ws.processes.size(); ++i)
    if (const Organisation* org = ws.organisation_of(i))
      out.push_back({ws.processes[i].file, ws.processes[i], *org, stored_version_runs(ws.diags)});
  return out;
}

// The shipped flowcharts, then every fixture YAML under tests/data/ (each loaded on its own,
// with its organisation, found beside it or among the shipped ones).
std::vector<Loaded> all_definitions() {
  std::vector<Loaded> out = load({kRepo + "/processes"});
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kRepo + "/tests/data"))
    if (e.path().extension() == ".yaml" && e.path().string().find(".org.yaml") == std::string::npos)
      files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  const std::vector<std::string> orgs = {kRepo + "/tests/data/cases/town.org.yaml", kRepo + "/processes/xicheng.org.yaml"};
  for (const auto& f : files) {
    auto loaded = load({f});
    for (size_t k = 0; loaded.empty() && k < orgs.size(); ++k) loaded = load({f, orgs[k]});  // no organisation beside it
    for (auto& l : loaded) out.push_back(std::move(l));
  }
  return out;
}

// What the runtime decides when a case of `cp` is opened by the party: events or the refusal.
std::string open_decision(const CompiledProcess& cp) {
  Decision d = open_case(cp, 7, 1, "Party Ltd", {}, "party", *parse_instant("2026-03-02T09:00"));
  if (auto* e = std::get_if<CaseError>(&d)) return "refused: " + e->message;
  std::string text;
  for (const auto& ev : std::get<std::vector<CaseEvent>>(d)) text += ev.kind + " " + ev.payload.dump() + "\n";
  return text;
}

std::string body_of(const Loaded& l) { return encode_definition(l.process, l.organisation); }

}  // namespace

TEST_CASE("every shipped flowchart and fixture decodes to the same definition") {
  auto defs = all_definitions();
  REQUIRE(defs.size() >= 15);
  int compiled = 0;
  for (const auto& l : defs) {
    INFO(l.name);
    std::string body = body_of(l);
    auto back = decode_definition(body);
    REQUIRE(back);
    CHECK(encode_definition(back->process, back->organisation) == body);
    CHECK(back->process.file == l.process.file);
    if (!l.runs) continue;  // a fixture with errors round-trips too, but is never compiled
    auto a = compile(l.process, l.organisation);
    auto b = compile(back->process, back->organisation);
    CHECK(to_dot(*b) == to_dot(*a));
    CHECK(open_decision(*b) == open_decision(*a));
    ++compiled;
  }
  CHECK(compiled >= 10);
}

TEST_CASE("positions, optional parts and numbers survive the round trip") {
  auto defs = load({kRepo + "/processes/license-general.yaml"});
  REQUIRE(defs.size() == 1);
  const Process& p = defs[0].process;
  auto back = decode_definition(body_of(defs[0]));
  REQUIRE(back);
  REQUIRE(back->process.steps.size() == p.steps.size());
  CHECK(back->process.steps[3].pos == p.steps[3].pos);
  CHECK(back->process.steps[3].pos.known());
  REQUIRE(p.limit);
  REQUIRE(back->process.limit);
  CHECK(back->process.limit->period.amount == p.limit->period.amount);
  CHECK(back->process.limit->period.unit == p.limit->period.unit);
  CHECK(back->process.limit->period.article == p.limit->period.article);
  CHECK(back->process.power.risk == p.power.risk);
  CHECK(back->organisation.officials.size() == defs[0].organisation.officials.size());
  CHECK(back->organisation.officials.back().posts.back().pos == defs[0].organisation.officials.back().posts.back().pos);
}

TEST_CASE("a truncated, garbled or foreign body is refused without crashing") {
  auto defs = load({kRepo + "/processes/license-general.yaml"});
  REQUIRE(defs.size() == 1);
  const std::string body = body_of(defs[0]);
  REQUIRE(body.size() > 1000);
  for (size_t n = 0; n < body.size(); ++n) {
    if (decode_definition(std::string_view(body).substr(0, n))) FAIL("a prefix of " << n << " bytes decoded");
  }
  std::mt19937 random(20260302);
  for (int round = 0; round < 3000; ++round) {
    std::string garbled = body;
    int flips = 1 + round % 4;
    for (int k = 0; k < flips; ++k) {
      size_t at = random() % garbled.size();
      garbled[at] = static_cast<char>(garbled[at] ^ static_cast<char>(1 + random() % 255));
    }
    if (decode_definition(garbled)) FAIL("a body with " << flips << " flipped bytes decoded (round " << round << ")");
  }
  // The same without the checksum: the reader's own bounds and value checks meet the damage.
  const std::string_view payload = std::string_view(body).substr(0, body.size() - 8);
  REQUIRE(decode_definition_unchecked(payload));
  for (size_t n = 0; n < payload.size(); ++n) {
    if (decode_definition_unchecked(payload.substr(0, n))) FAIL("an unchecked prefix of " << n << " bytes decoded");
  }
  int decoded = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string garbled(payload);
    for (int k = 0; k <= round % 4; ++k) {
      size_t at = random() % garbled.size();
      garbled[at] = static_cast<char>(garbled[at] ^ static_cast<char>(1 + random() % 255));
    }
    if (decode_definition_unchecked(garbled)) ++decoded;  // a flip inside a text still decodes
  }
  CHECK(decoded < 3000);
  CHECK_FALSE(decode_definition(""));
  CHECK_FALSE(decode_definition("SLDC"));
  CHECK_FALSE(decode_definition(body + "x"));
  CHECK_FALSE(decode_definition(std::string(body.size(), '\xff')));
  CHECK_FALSE(decode_definition("sunlit: 1\norganisation: xicheng\n"));
}

namespace {

// A database with the shop fixture deployed, and a fixed clock at 2026-03-02 09:00 (Shanghai).
struct Env {
  TempDir dir;
  FixedClock clock{*parse_instant("2026-03-02T09:00")};
  std::unique_ptr<Store> store;
  std::unique_ptr<CaseService> svc;

  Env() {
    store = sunlit::test::ok(Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
    Diagnostics d;
    auto r = svc->deploy({data_path("cases/town.org.yaml"), data_path("cases/shop.yaml")}, "designer", d);
    INFO(d.render());
    REQUIRE(std::holds_alternative<std::vector<DeployedFile>>(r));
  }
  // A new service on a new connection: a later process, with nothing compiled in memory.
  void restart() {
    svc.reset();
    store = sunlit::test::ok(Store::open(dir.file("sunlit.db")));
    svc = std::make_unique<CaseService>(*store, clock);
  }
  std::int64_t definition_id() { return sunlit::test::ok(store->latest("T-1")).id; }
  std::optional<std::string> cached() {
    return sunlit::test::ok(store->cached_definition(definition_id(), kDefinitionCodecFormat));
  }
  void put(const std::string& body) {
    sql::Db db;
    REQUIRE(db.open(dir.file("sunlit.db"), sql::OpenMode::read_write_create).ok());
    sql::Statement st = db.prepare("UPDATE definition_cache SET body = ?1");
    st.bind(1, body);
    REQUIRE(st.run().ok());
  }
  CaseView ok(Served<CaseView> r) {
    if (auto* e = std::get_if<CaseError>(&r)) FAIL(e->message);
    return std::get<CaseView>(r);
  }
};

// The shop case, walked from opening to its decision.
CaseView walk(Env& env) {
  CaseView v = env.ok(env.svc->open("T-1", "Shop Ltd", {}, ""));
  v = env.ok(env.svc->advance(v.id, {"accept", "ann", "", {{"area", "40"}}, ""}));
  v = env.ok(env.svc->advance(v.id, {"done", "bob", "", {}, ""}));
  v = env.ok(env.svc->advance(v.id, {"done", "cy", "", {}, ""}));
  v = env.ok(env.svc->advance(v.id, {"request_hearing", "ann", "", {}, ""}));
  return env.ok(env.svc->advance(v.id, {"grant", "dee", "", {}, "all in order"}));
}

}  // namespace

TEST_CASE("deploying a version stores its cached body") {
  Env env;
  auto body = env.cached();
  REQUIRE(body);
  auto back = decode_definition(*body);
  REQUIRE(back);
  CHECK(back->process.power.code == "T-1");
  CHECK(back->process.file == "T-1@v1.yaml");  // as every later process loads the stored text
  CHECK(back->organisation.name == "town");
}

TEST_CASE("a case runs on the cached body alone") {
  Env env;
  env.restart();
  CaseView v = walk(env);
  CHECK(v.closed);
  CHECK(v.outcome == "granted");
}

TEST_CASE("a damaged cached body is ignored: cases run from the YAML and the row is rewritten") {
  Env env;
  const std::string good = *env.cached();
  for (const std::string& damaged : {std::string("garbage"), good.substr(0, good.size() / 2), std::string()}) {
    env.put(damaged);
    env.restart();
    CHECK(*env.cached() == damaged);
    CaseView v = walk(env);
    CHECK(v.closed);
    CHECK(v.outcome == "granted");
    CHECK(*env.cached() == good);
  }
}

TEST_CASE("a missing row is refilled on first use; admin rebuild clears and refills the cache") {
  Env env;
  const std::string good = *env.cached();
  CaseView v = walk(env);
  sunlit::test::ok(env.store->clear_definition_cache());
  CHECK_FALSE(env.cached());
  env.restart();
  CHECK(env.ok(env.svc->show(v.id)).outcome == "granted");
  CHECK(env.cached() == good);

  env.put("garbage");
  auto rebuilt = env.svc->rebuild();
  REQUIRE(std::holds_alternative<RebuildReport>(rebuilt));
  CHECK(std::get<RebuildReport>(rebuilt).cases == 1);
  CHECK(env.cached() == good);
}

TEST_CASE("a row of another format is not used, and is replaced by one of this format") {
  Env env;
  const std::string good = *env.cached();
  sunlit::test::ok(env.store->cache_definition(env.definition_id(), kDefinitionCodecFormat + 1, "older"));
  CHECK_FALSE(env.cached());
  env.restart();
  CHECK(walk(env).outcome == "granted");
  CHECK(env.cached() == good);
}
