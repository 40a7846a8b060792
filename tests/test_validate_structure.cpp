// Structure: one start, reachability, every step can finish, gateway shape, misplaced keys.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

TEST_CASE("more than one start is an error") {
  std::string p = header() + R"(steps:
  - id: accept
    start: true
    post: intake
    next: review
  - id: review
    start: true
    post: reviewer
    next: done
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{"19:5 error multiple-starts: more than one start: 'accept' and 'review' both have `start: true`"});
}

TEST_CASE("a step the start cannot reach, and a step that cannot reach an outcome") {
  std::string p = header() + R"(steps:
  - id: accept
    post: intake
    actions:
      - {id: go, to: loop}
      - {id: finish, to: done}
  - id: orphan
    post: intake
    next: done
  - id: loop
    post: reviewer
    next: loop_back
  - id: loop_back
    post: reviewer
    next: loop
outcomes:
  - {id: done, kind: completed}
  - {id: never, kind: other}
)";
  CHECK(findings(p) == Lines{
      "20:5 error unreachable-step: step 'orphan' cannot be reached from the start 'accept'",
      "23:5 error dead-end: step 'loop' cannot reach any outcome",
      "26:5 error dead-end: step 'loop_back' cannot reach any outcome",
      "31:6 warning unreachable-outcome: outcome 'never' can never be reached",
  });
}

TEST_CASE("gateways: choice, parallel, join, wait and task each need their parts") {
  std::string p = header() + R"(steps:
  - id: accept
    post: intake
    actions:
      - {id: a, to: route}
      - {id: b, to: split}
      - {id: c, to: window}
      - {id: d, to: idle}
      - {id: e, to: done}
  - id: route
    type: choice
    branches: []
  - id: split
    type: parallel
    parallel: [work]
    join: work
  - id: work
    post: intake
    next: gather
  - id: gather
    type: join
  - id: window
    type: wait
  - id: idle
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{
      "23:5 error choice-without-branches: choice 'route' has no branches",
      "23:5 error choice-without-otherwise: choice 'route' has no `otherwise`",
      "26:5 error parallel-too-few: parallel 'split' needs at least two targets",
      "29:11 error join-not-a-join: parallel 'split' names 'work' as its join, but 'work' is a task step",
      "33:5 error join-without-next: join 'gather' has no `next`",
      "35:5 error wait-without-window: wait 'window' has no `window`",
      "35:5 error wait-without-actions: wait 'window' has no actions",
      "35:5 error wait-without-timeout: wait 'window' has no `timeout`",
      "37:5 error task-without-post: task 'idle' has no `post`",
      "37:5 error task-without-actions: task 'idle' has no actions",
  });
}

TEST_CASE("keys of one step type on another are errors") {
  std::string p = header() + R"(fields:
  - {name: ok, type: bool}
steps:
  - id: accept
    post: intake
    branches:
      - {when: ok, to: done}
    otherwise: done
    parallel: [done, done]
    next: done
  - id: route
    type: choice
    post: intake
    limit: {amount: 1, unit: workdays, article: x}
    actions: [{id: go, to: done}]
    timeout: {to: done}
    branches:
      - {when: ok, to: done}
    otherwise: done
  - id: split
    type: parallel
    parallel: [a, b]
    join: route
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{
      "20:9 error misplaced-key: `branches` is not allowed on a task step (only on a choice)",
      "21:16 error misplaced-key: `otherwise` is not allowed on a task step (only on a choice)",
      "22:16 error misplaced-key: `parallel` is not allowed on a task step (only on a parallel)",
      "26:11 error misplaced-key: `post` is not allowed on a choice step (only on a task)",
      "27:12 error misplaced-key: `limit` is not allowed on a choice step (only on a task, or `window` on a wait)",
      "28:16 error misplaced-key: `actions` is not allowed on a choice step (only on a task or wait)",
      "29:14 error misplaced-key: `timeout` is not allowed on a choice step (only on a task or wait)",
      "35:16 error unknown-step: unknown step 'a'",
      "35:19 error unknown-step: unknown step 'b'",
      "36:11 error join-not-a-join: parallel 'split' names 'route' as its join, but 'route' is a choice step",
  });
}

TEST_CASE("a task timeout needs a limit; the withdrawal outcome must be of kind withdrawn") {
  std::string p = header() + R"(steps:
  - id: accept
    post: intake
    next: done
    timeout: {to: done}
outcomes:
  - {id: done, kind: completed}
  - {id: cancelled, kind: other}
withdrawal:
  outcome: cancelled
)";
  CHECK(findings(p) == Lines{
      "18:14 error timeout-without-limit: task 'accept' has a `timeout` but no `limit`",
      "23:12 error withdrawal-not-withdrawn: withdrawal outcome 'cancelled' is of kind other; it must be of kind withdrawn",
  });
}
