// Workspace loading: organisations resolved by name, implied org files, I/O findings, sorting.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/workspace.h"

using namespace sunlit;

namespace {

const char* kOrg = R"(organisation: town
title: Town
departments:
  - id: office
    name: Office
    posts:
      - id: clerk
        name: Clerk
officials:
  - id: ann
    name: Ann
    posts: [clerk]
)";

const char* kProcess = R"(sunlit: 1
organisation: town
power:
  code: T-1
  name: Registration
  category: other
  basis:
    - title: Town Rules
      article: art. 1
  body: Town
  office: Office
  responsible: Ann
  disclosure: {scope: public, forms: [website], time: permanent}
  risk: 3
steps:
  - id: register
    name: Register
    post: clerk
    next: done
outcomes:
  - id: done
    name: Done
    kind: completed
)";

bool has_code(const Workspace& ws, const std::string& code) {
  const auto& items = ws.diags.items();
  return std::any_of(items.begin(), items.end(), [&](const Diagnostic& d) { return d.code == code; });
}

}  // namespace

TEST_CASE("organisations are resolved by name among the given files") {
  Workspace ws = load_sources({{"dir/town.org.yaml", kOrg}, {"dir/reg.yaml", kProcess}});
  INFO(ws.diags.render());
  CHECK(ws.diags.error_count() == 0);
  REQUIRE(ws.processes.size() == 1);
  REQUIRE(ws.organisations.size() == 1);
  REQUIRE(ws.organisation_of(0) != nullptr);
  CHECK(ws.organisation_of(0)->name == "town");
  CHECK(ws.files == std::vector<std::string>{"dir/town.org.yaml", "dir/reg.yaml"});
}

TEST_CASE("an organisation not given is looked up as <dir>/<name>.org.yaml beside the process") {
  std::vector<std::string> asked;
  FileReader reader = [&](const std::string& path, std::string* reason) -> std::optional<std::string> {
    asked.push_back(path);
    if (path == "dir/town.org.yaml") return std::string(kOrg);
    *reason = "No such file or directory";
    return std::nullopt;
  };
  Workspace ws = load_sources({{"dir/reg.yaml", kProcess}}, reader);
  INFO(ws.diags.render());
  CHECK(asked == std::vector<std::string>{"dir/town.org.yaml"});
  CHECK(ws.diags.error_count() == 0);
  REQUIRE(ws.organisation_of(0) != nullptr);
  CHECK(ws.files == std::vector<std::string>{"dir/reg.yaml", "dir/town.org.yaml"});
}

TEST_CASE("a missing organisation leaves the process unresolved and is an error") {
  Workspace ws = load_sources({{"reg.yaml", kProcess}});
  CHECK(ws.organisation_of(0) == nullptr);
  CHECK(ws.diags.error_count() > 0);
}

TEST_CASE("two organisations with one name are an error") {
  Workspace ws = load_sources({{"a.org.yaml", kOrg}, {"b.org.yaml", kOrg}, {"reg.yaml", kProcess}});
  CHECK(has_code(ws, "duplicate-organisation"));
  CHECK(ws.organisations.size() == 1);
}

TEST_CASE("a file that cannot be read is an io finding") {
  Workspace ws = load_workspace({"/nonexistent/sunlit/x.yaml"});
  REQUIRE(ws.diags.items().size() == 1);
  CHECK(ws.io_errors() == 1);
  CHECK(ws.diags.render() == "/nonexistent/sunlit/x.yaml: error: cannot read file: No such file or directory\n");
}

TEST_CASE("a directory stands for its *.yaml files, sorted") {
  std::string dir = std::string(SUNLIT_SOURCE_DIR) + "/tests/data/valid";
  Workspace ws = load_workspace({dir});
  INFO(ws.diags.render());
  CHECK(ws.diags.error_count() == 0);
  CHECK(ws.io_errors() == 0);
  CHECK(ws.files == std::vector<std::string>{dir + "/license.yaml", dir + "/penalty.yaml", dir + "/secret.yaml",
                                             dir + "/xicheng.org.yaml"});
  CHECK(ws.processes.size() == 3);
  for (size_t i = 0; i < ws.processes.size(); ++i) CHECK(ws.organisation_of(i) != nullptr);
}

TEST_CASE("findings are sorted by file and position") {
  std::string broken = std::string(kProcess) + "bogus_key: 1\n";
  Workspace ws = load_sources({{"z.yaml", broken}, {"a.yaml", "sunlit: 1\nfoo: [\n"}, {"town.org.yaml", kOrg}});
  const auto& items = ws.diags.items();
  REQUIRE(items.size() >= 2);
  CHECK(std::is_sorted(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.file != b.file ? a.file < b.file : a.pos < b.pos;
  }));
}
