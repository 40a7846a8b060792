// Names and meaning: duplicate ids, dangling references with "did you mean",
// the organisation and its posts, field declarations, conditions.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

TEST_CASE("duplicate ids: steps and outcomes share one namespace; fields, channels, actions") {
  std::string p = header() + R"(fields:
  - {name: fee, type: number}
  - {name: fee, type: money}
steps:
  - id: accept
    post: intake
    actions:
      - {id: go, to: review}
      - {id: go, to: granted}
  - id: review
    post: reviewer
    next: granted
  - id: review
    post: head
    next: granted
outcomes:
  - {id: granted, kind: granted}
  - {id: accept, kind: other}
channels:
  - {id: hotline, kind: hotline}
  - {id: hotline, kind: hotline}
)";
  CHECK(findings(p) == Lines{
      "16:5 error duplicate-field: duplicate field 'fee' (first defined on line 15)",
      "22:10 error duplicate-action: duplicate action 'go' in step 'accept' (first defined on line 21)",
      "26:5 error duplicate-id: duplicate id 'review' (first defined on line 23)",
      "31:6 error duplicate-id: duplicate id 'accept' (first defined on line 18)",
      "34:6 error duplicate-channel: duplicate channel 'hotline' (first defined on line 33)",
  });
}

TEST_CASE("every reference resolves, with did-you-mean") {
  std::string p = header() + R"(fields:
  - {name: accepted_on, type: date}
limit:
  amount: 20
  unit: workdays
  article: 行政许可法第四十二条
  from: acept
  until: granted
  extension: {amount: 10, unit: workdays, article: 行政许可法第四十二条, approved_by: hed}
steps:
  - id: accept
    post: intake
    actions:
      - {id: go, to: reveiw, sets: [accepted_om]}
    timeout: {to: nowhere}
    limit: {amount: 5, unit: workdays, article: 行政许可法第三十二条}
  - id: review
    post: reviwer
    next: granted
outcomes:
  - {id: granted, kind: granted}
  - {id: refused, kind: refused, remedies: [reconsideraton]}
withdrawal:
  outcome: withdrawm
  from: [acceptt]
supervision:
  - {step: granted, body: 区监察局}
rights:
  - {kind: reasons, step: revew}
channels:
  - {id: reconsideration, kind: reconsideration}
separation:
  - {rule: different_officials, steps: [accept, reviews]}
)";
  CHECK(findings(p) == Lines{
      "20:9 error unknown-step: unknown step 'acept'; did you mean 'accept'?",
      "21:10 error not-a-step: 'granted' is an outcome, not a step",
      "22:97 error unknown-post: unknown post 'hed'; did you mean 'head'?",
      "27:22 error unknown-step: unknown step 'reveiw'; did you mean 'review'?",
      "27:37 error unknown-field: unknown field 'accepted_om'; did you mean 'accepted_on'?",
      "28:19 error unknown-step: unknown step 'nowhere'",
      "31:11 error unknown-post: unknown post 'reviwer'; did you mean 'reviewer'?",
      "35:45 error unknown-channel: unknown channel 'reconsideraton'; did you mean 'reconsideration'?",
      "37:12 error unknown-outcome: unknown outcome 'withdrawm'",
      "38:10 error unknown-step: unknown step 'acceptt'; did you mean 'accept'?",
      "40:12 error not-a-step: 'granted' is an outcome, not a step",
      "42:27 error unknown-step: unknown step 'revew'; did you mean 'review'?",
      "46:49 error unknown-step: unknown step 'reviews'; did you mean 'review'?",
  });
}

TEST_CASE("the organisation must be found") {
  std::string p = header() + R"(steps:
  - id: accept
    post: nobody
    next: done
outcomes:
  - {id: done, kind: completed}
)";
  std::string rendered;
  CHECK(findings(p, nullptr, &rendered) == Lines{"2:15 error unknown-organisation: organisation 'xicheng' not found"});
  CHECK(rendered ==
        "p.yaml:2:15: error: organisation 'xicheng' not found\n"
        "organisation: xicheng\n"
        "              ^\n");
}

TEST_CASE("fields: enum needs values, list items cannot be lists, item only on lists") {
  std::string p = header() + R"(fields:
  - {name: kind, type: enum}
  - {name: tags, type: list, item: list}
  - {name: note, type: text, item: text}
  - {name: size, type: number, values: [a]}
  - {name: kinds, type: list, item: enum}
steps:
  - id: accept
    post: intake
    next: done
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{
      "15:5 error enum-without-values: field 'kind' is an enum but has no `values`",
      "16:5 error bad-list-item: field 'tags': a list item cannot be a list",
      "17:5 error item-not-list: field 'note' has an `item` type but is not a list",
      "18:5 error values-not-enum: field 'size' has `values` but is not an enum",
      "19:5 error enum-without-values: field 'kinds' is an enum but has no `values`",
  });
}

TEST_CASE("conditions parse and type-check; errors point into the expression") {
  std::string p = header() + R"(fields:
  - {name: fine, type: money}
  - {name: party, type: enum, values: [person, organisation]}
steps:
  - id: route
    type: choice
    branches:
      - {when: fine > 200 and party == "persn", to: done}
      - {when: fine >, to: done}
      - {when: fien > 3, to: done}
    otherwise: done
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{
      "21:40 error bad-condition: 'persn' is not a value of 'party'; it can be: person, organisation",
      "22:22 error bad-condition: expected an expression after '>'",
      "23:16 error bad-condition: unknown field 'fien'; did you mean 'fine'?",
  });
}
