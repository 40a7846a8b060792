// Law: remedies, statement and defence before a penalty, supervision at risk level 1,
// confidentiality, periods, the case limit summed along paths, and the organisation file.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

TEST_CASE("refusals, non-acceptance and penalties must name a remedy") {
  std::string p = header() + R"(steps:
  - id: decide
    post: head
    actions:
      - {id: refuse, to: refused}
      - {id: reject, to: not_accepted}
      - {id: fine, to: fined}
outcomes:
  - {id: refused, kind: refused}
  - {id: not_accepted, kind: not_accepted}
  - {id: fined, kind: penalty, remedies: []}
)";
  CHECK(findings(p) == Lines{
      "22:6 error missing-remedy: outcome 'refused' of kind refused must name at least one remedy (License Law art. 38)",
      "23:6 error missing-remedy: outcome 'not_accepted' of kind not_accepted must name at least one remedy "
      "(License Law art. 38)",
      "24:6 error missing-remedy: outcome 'fined' of kind penalty must name at least one remedy (Penalty Law art. 44)",
  });
}

TEST_CASE("a penalty needs statement and defence on every path; the skipping path is named") {
  std::string p = header("penalty") + R"(fields:
  - {name: serious, type: bool}
steps:
  - id: file
    post: intake
    next: investigate
  - id: investigate
    post: reviewer
    next: route
  - id: route
    type: choice
    branches:
      - {when: serious, to: notify}
    otherwise: decide
  - id: notify
    post: reviewer
    next: decide
  - id: decide
    post: head
    next: fined
outcomes:
  - {id: fined, kind: penalty, remedies: [reconsideration]}
rights:
  - {kind: statement_and_defence, step: notify, article: 行政处罚法第四十五条}
channels:
  - {id: reconsideration, kind: reconsideration}
)";
  CHECK(findings(p) == Lines{
      "35:6 error penalty-without-defence: penalty outcome 'fined' can be reached without the right to statement and "
      "defence (Penalty Law art. 44-45): file → investigate → route → decide → fined"});
}

TEST_CASE("statement and defence may arise at two steps, and a parallel branch counts") {
  std::string p = header("penalty") + R"(steps:
  - id: file
    post: intake
    next: joint
  - id: joint
    type: parallel
    parallel: [statement, evidence]
    join: gathered
  - {id: statement, post: reviewer, next: gathered}
  - {id: evidence, post: reviewer, next: gathered}
  - {id: gathered, type: join, next: defence}
  - {id: defence, post: reviewer, next: decide}
  - {id: decide, post: head, next: fined}
outcomes:
  - {id: fined, kind: penalty, remedies: [reconsideration]}
rights:
  - {kind: statement, step: statement}
  - {kind: defence, step: defence}
channels:
  - {id: reconsideration, kind: reconsideration}
)";
  CHECK(findings(p) == Lines{});
}

TEST_CASE("risk level 1 needs supervision; a confidential power states basis and reason") {
  std::string p = header("license", 1) + R"(  confidential: true
steps:
  - {id: accept, post: intake, next: done}
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{
      "13:9 error risk-without-supervision: integrity risk level 1 (high) needs at least one supervision point",
      "14:3 error confidential-without-basis: a confidential power must state `confidential_basis`",
      "14:3 error confidential-without-reason: a confidential power must state `confidential_reason`",
  });
}

TEST_CASE("periods are positive and cite an article") {
  std::string p = header() + R"(limit:
  amount: 0
  unit: workdays
  article: 行政许可法第四十二条
steps:
  - id: accept
    post: intake
    limit: {amount: 5, unit: workdays}
    next: window
  - id: window
    type: wait
    window: {amount: -1, unit: workdays, article: 行政许可法第四十七条}
    actions: [{id: ask, to: done}]
    timeout: {to: done}
outcomes:
  - {id: done, kind: completed}
rights:
  - {kind: hearing, step: window, window: {amount: 0, unit: workdays, article: 行政许可法第四十七条}}
)";
  CHECK(findings(p) == Lines{
      "15:3 error period-not-positive: time limit must be greater than 0 (is 0)",
      "21:12 warning period-without-article: time limit has no article",
      "25:13 error period-not-positive: time limit must be greater than 0 (is -1)",
      "31:43 error period-not-positive: time limit must be greater than 0 (is 0)",
  });
}

TEST_CASE("step limits on a path must fit the case limit: suspended steps, restarts, other units, loops") {
  std::string p = header() + R"(limit:
  amount: 20
  unit: workdays
  article: 行政许可法第四十二条
steps:
  - id: accept
    post: intake
    limit: {amount: 5, unit: workdays, article: 行政许可法第三十二条}
    actions:
      - {id: short, to: decide}
      - {id: long, to: review}
  - id: review
    post: reviewer
    limit: {amount: 12, unit: workdays, article: 行政许可法第三十四条}
    actions:
      - {id: expert, to: expert}
      - {id: back, to: accept}
      - {id: on, to: decide}
  - id: expert
    post: reviewer
    limit: {amount: 30, unit: workdays, article: 行政许可法第四十五条}
    suspends: expert_review
    next: decide
  - id: decide
    post: head
    limit: {amount: 5, unit: workdays, article: 行政许可法第四十二条}
    actions:
      - {id: grant, to: granted}
      - {id: deliver, to: deliver}
  - id: deliver
    post: intake
    limit: {amount: 24, unit: hours, article: 内部规定}
    next: granted
outcomes:
  - {id: granted, kind: granted}
)";
  CHECK(findings(p) == Lines{
      "15:3 warning case-limit-exceeded: the step limits on accept → review → decide → granted add up to 22 workdays, "
      "more than the case limit of 20 workdays"});
}

TEST_CASE("the case clock restarts after a restarts_clock step and runs from limit.from to limit.until") {
  std::string p = header() + R"(limit:
  amount: 10
  unit: workdays
  article: 政府信息公开条例第三十三条
  from: receive
  until: answer
steps:
  - {id: intro, post: intake, limit: {amount: 50, unit: workdays, article: x}, next: receive}
  - {id: receive, post: intake, limit: {amount: 7, unit: workdays, article: 第三十条}, restarts_clock: true, next: consult}
  - {id: consult, post: reviewer, limit: {amount: 6, unit: workdays, article: 第三十二条}, next: answer}
  - {id: answer, post: head, limit: {amount: 5, unit: workdays, article: 第三十三条}, next: deliver}
  - {id: deliver, post: intake, limit: {amount: 50, unit: workdays, article: x}, next: done}
outcomes:
  - {id: done, kind: answered}
)";
  CHECK(findings(p) == Lines{
      "15:3 warning case-limit-exceeded: the step limits on consult → answer add up to 11 workdays, more than the "
      "case limit of 10 workdays"});
}

TEST_CASE("organisation: duplicate ids, unknown posts, officials without posts, posts nobody holds") {
  std::string o = R"(organisation: xicheng
departments:
  - id: market
    name: 市场监管局
    posts:
      - {id: intake, name: 受理}
      - {id: reviewer, name: 审查}
      - {id: head, name: 局长}
  - id: market
    name: 市场监管局
    posts:
      - {id: intake, name: 受理}
officials:
  - {id: wang, name: 王芳, posts: [intake, reviwer]}
  - {id: wang, name: 王芳, posts: [intake]}
  - {id: li, name: 李明, posts: []}
)";
  CHECK(org_findings(o) == Lines{
                              "7:10 warning post-unheld: post 'reviewer' is held by no official",
                              "8:10 warning post-unheld: post 'head' is held by no official",
                              "9:5 error duplicate-department: duplicate department 'market' (first defined on line 3)",
                              "12:10 error duplicate-post: duplicate post 'intake' (first defined on line 6)",
                              "14:46 error unknown-post: unknown post 'reviwer'; did you mean 'reviewer'?",
                              "15:6 error duplicate-official: duplicate official 'wang' (first defined on line 14)",
                              "16:6 warning official-without-post: official 'li' holds no post",
                          });
}
