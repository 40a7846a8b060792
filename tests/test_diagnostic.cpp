#include <catch2/catch.hpp>

#include "engine/diagnostic.h"
#include "engine/suggest.h"

using namespace sunlit;

TEST_CASE("a diagnostic shows file:line:col, the source line and a caret") {
  Diagnostics d;
  d.add_source("p.yaml", "a: 1\n    post: reviwer\n");
  d.error("p.yaml", {2, 11}, "unknown-post", "unknown post 'reviwer'; did you mean 'reviewer'?");
  CHECK(d.render() ==
        "p.yaml:2:11: error: unknown post 'reviwer'; did you mean 'reviewer'?\n"
        "    post: reviwer\n"
        "          ^\n");
}

TEST_CASE("the caret is indented by display width after Chinese text") {
  Diagnostics d;
  d.add_source("p.yaml", "name: 许可 x\n");
  d.warning("p.yaml", {1, 14}, "w", "here");  // 'x' is byte 14
  CHECK(d.render() == "p.yaml:1:14: warning: here\nname: 许可 x\n           ^\n");
}

TEST_CASE("findings sort by file and position, errors before warnings at one place") {
  Diagnostics d;
  d.warning("b.yaml", {1, 1}, "w", "w1");
  d.warning("a.yaml", {3, 1}, "w", "w2");
  d.error("a.yaml", {3, 1}, "e", "e1");
  d.error("a.yaml", {1, 5}, "e", "e2");
  d.sort();
  std::vector<std::string> order;
  for (const auto& x : d.items()) order.push_back(x.message);
  CHECK(order == std::vector<std::string>{"e2", "e1", "w2", "w1"});
  CHECK(d.error_count() == 2);
  CHECK(d.warning_count() == 2);
}

TEST_CASE("a finding without a position prints just the file") {
  Diagnostics d;
  d.error("x.yaml", {}, "io", "cannot read file");
  CHECK(d.render() == "x.yaml: error: cannot read file\n");
}

TEST_CASE("did you mean suggests only close names") {
  std::vector<std::string> names{"reviewer", "approver", "intake"};
  CHECK(did_you_mean("reviwer", names) == "; did you mean 'reviewer'?");
  CHECK(did_you_mean("zzz", names).empty());
  CHECK(closest("intak", names) == "intake");
}

TEST_CASE("a swap of two neighbouring letters counts as one edit") {
  CHECK(edit_distance("fien", "fine") == 1);
  CHECK(edit_distance("aera", "area") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(did_you_mean("fien", {"fine", "party"}) == "; did you mean 'fine'?");
}
