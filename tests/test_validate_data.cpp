// Case data at choices: a field a timer's path (a deemed outcome) leaves unset, read by a
// choice's condition, is an error; a field's `default` must be a value of its type.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

namespace {

// Acceptance review with a deemed acceptance (timeout) into a choice on `procedure`, which no
// action sets: the shipped reconsideration process's bug. Steps start on line 16.
const std::string kDeemed = header("adjudication") + R"(fields:
  - {name: procedure, type: enum, values: [ordinary, simple]}
steps:
  - id: review
    post: reviewer
    limit: {amount: 5, unit: workdays, article: 行政复议法第三十条}
    actions:
      - {id: accept, to: route}
      - {id: reject, to: not_accepted}
    timeout: {to: route, label: deemed accepted}
  - id: route
    type: choice
    branches:
      - {when: procedure == "simple", to: simple}
    otherwise: ordinary
  - {id: simple, post: reviewer, next: decided}
  - {id: ordinary, post: head, next: decided}
outcomes:
  - {id: decided, kind: decided}
  - {id: not_accepted, kind: not_accepted, remedies: [court]}
channels:
  - {id: court, kind: litigation}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a deemed acceptance into a choice on a field nobody must set is an error at the field") {
  std::string rendered;
  CHECK(findings(kDeemed, kOrg, &rendered) == Lines{
      "27:16 error unset-field-at-choice: field 'procedure' may be unset when choice 'route' is reached by the "
      "timeout of step 'review' (deemed accepted) on review → route: not every path to 'review' has an action that "
      "must set it (`sets`) and it has no `default`, so the timer could not fire; require it on those actions or "
      "give the field a `default`"});
  CHECK(rendered.find("      - {when: procedure == \"simple\", to: simple}\n"
                      "               ^") != std::string::npos);
}

TEST_CASE("the field is surely set: required before the timed step, defaulted, or read by an earlier choice") {
  SECTION("an action before the timed step must set it") {
    std::string p = replaced(kDeemed, "steps:\n", "steps:\n  - {id: file, start: true, post: intake, actions: "
                                                  "[{id: submit, to: review, sets: [procedure]}]}\n");
    CHECK(findings(p).empty());
  }
  SECTION("the field has a default (the law's rule when nobody decided)") {
    CHECK(findings(replaced(kDeemed, "simple]}", "simple], default: ordinary}")).empty());
  }
  SECTION("only the officials' actions reach the choice: they can give the value") {
    CHECK(findings(replaced(kDeemed, "    timeout: {to: route, label: deemed accepted}\n", "")).empty());
  }
}

TEST_CASE("a read an 'and' or 'or' may skip is guarded; a read before it is not") {
  std::string p = replaced(kDeemed, "  - {name: procedure", "  - {name: urgent, type: bool}\n  - {name: procedure");
  p = replaced(p, "steps:\n", "steps:\n  - {id: file, start: true, post: intake, actions: "
                              "[{id: submit, to: review, sets: [urgent]}]}\n");
  SECTION("guarded") {
    CHECK(findings(replaced(p, "when: procedure == \"simple\"", "when: 'urgent and procedure == \"simple\"'")).empty());
  }
  SECTION("not guarded") {
    CHECK(findings(replaced(p, "when: procedure == \"simple\"", "when: 'procedure == \"simple\" or urgent'")) == Lines{
        "29:17 error unset-field-at-choice: field 'procedure' may be unset when choice 'route' is reached by the "
        "timeout of step 'review' (deemed accepted) on review → route: not every path to 'review' has an action "
        "that must set it (`sets`) and it has no `default`, so the timer could not fire; require it on those "
        "actions or give the field a `default`"});
  }
}

TEST_CASE("a join is reached when every branch arrived: what one branch must set is set after it") {
  std::string p = header() + R"(fields:
  - {name: large, type: bool}
steps:
  - id: joint
    type: parallel
    parallel: [survey, notice]
    join: joined
  - id: survey
    post: reviewer
    actions: [{id: done, to: joined SETS}]
  - id: notice
    type: wait
    window: {amount: 5, unit: workdays, article: 行政许可法第四十七条}
    actions: [{id: objected, to: joined}]
    timeout: {to: joined, label: no objection}
  - {id: joined, type: join, next: route}
  - id: route
    type: choice
    branches:
      - {when: large, to: decide}
    otherwise: decide
  - {id: decide, post: head, next: granted}
outcomes:
  - {id: granted, kind: granted}
)";
  CHECK(findings(replaced(p, "SETS", ", sets: [large]")).empty());
  CHECK(findings(replaced(p, "SETS", "")) == Lines{
      "33:16 error unset-field-at-choice: field 'large' may be unset when choice 'route' is reached by the timeout "
      "of step 'notice' (no objection) on notice → joined → route: not every path to 'notice' has an action that "
      "must set it (`sets`) and it has no `default`, so the timer could not fire; require it on those actions or "
      "give the field a `default`"});
}

TEST_CASE("a default must be a value of the field's type") {
  std::string p = replaced(kDeemed, "simple]}", "simple], default: maybe}");
  CHECK(findings(p) == Lines{
      "15:72 error bad-default: default of field 'procedure': 'maybe' is not one of: ordinary, simple"});
  p = header() + R"(fields:
  - {name: area, type: number, default: 12.5}
  - {name: fine, type: money, default: 3000.123}
  - {name: small, type: bool, default: false}
  - {name: kinds, type: list, item: enum, values: [a, b], default: 'a,c'}
steps:
  - {id: decide, post: head, next: granted}
outcomes:
  - {id: granted, kind: granted}
)";
  CHECK(findings(p) == Lines{
      "16:40 error bad-default: default of field 'fine': '3000.123' is not an amount of money (yuan, at most 2 decimals)",
      "18:68 error bad-default: default of field 'kinds': 'c' is not one of: a, b"});
}
