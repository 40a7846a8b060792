// Soundness of parallel split/join (workflow nets): deadlocks, unsafe joins,
// improper completion and the exploration bound.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

namespace {

// A split `joint` into a and b, joined at `gather`; `a_next` / `b_next` say where each branch goes.
std::string split_process(const std::string& a_next, const std::string& b_next, const std::string& extra_steps = "") {
  return header() + R"(steps:
  - id: accept
    post: intake
    next: joint
  - id: joint
    type: parallel
    parallel: [a, b]
    join: gather
  - id: a
    post: reviewer
    next: )" + a_next + R"(
  - id: b
    post: reviewer
    next: )" + b_next + R"(
  - id: gather
    type: join
    next: decide
  - id: decide
    post: head
    next: done
)" + extra_steps + R"(outcomes:
  - {id: done, kind: completed}
)" + (a_next == "stopped" || b_next == "stopped" ? "  - {id: stopped, kind: other}\n" : "");
}

}  // namespace

TEST_CASE("a sound split and join, with a loop inside one branch, has no findings") {
  std::string p = split_process("gather", "b_fix", R"(  - id: b_fix
    post: reviewer
    actions:
      - {id: again, to: b}
      - {id: done, to: gather}
)");
  CHECK(findings(p) == Lines{});
}

TEST_CASE("a join deadlocks when a branch ends at an outcome") {
  CHECK(findings(split_process("gather", "stopped")) ==
        Lines{"27:5 error improper-completion: outcome 'stopped' can be reached from 'b' while 'a' is still active",
              "28:5 error join-deadlock: join 'gather' can wait forever: branch 'b' of parallel 'joint' can reach "
              "outcome 'stopped' without passing it"});
}

TEST_CASE("a join deadlocks when a branch jumps past it") {
  CHECK(findings(split_process("gather", "decide")) == Lines{
      "28:5 error join-deadlock: join 'gather' can wait forever: branch 'b' of parallel 'joint' can reach outcome 'done' "
      "without passing it"});
}

TEST_CASE("a branch that loops back to before the split makes the net unsafe") {
  CHECK(findings(split_process("gather", "accept")) == Lines{"22:5 error unsafe-step: step 'a' can be active twice at once: a second token comes from 'joint'"});
}

TEST_CASE("two splits feeding one join deadlock it") {
  std::string p = header() + R"(fields:
  - {name: big, type: bool}
steps:
  - id: route
    type: choice
    branches:
      - {when: big, to: s1}
    otherwise: s2
  - id: s1
    type: parallel
    parallel: [a, b]
    join: gather
  - id: s2
    type: parallel
    parallel: [c, d]
    join: gather
  - {id: a, post: reviewer, next: gather}
  - {id: b, post: reviewer, next: gather}
  - {id: c, post: reviewer, next: gather}
  - {id: d, post: reviewer, next: gather}
  - id: gather
    type: join
    next: done
outcomes:
  - {id: done, kind: completed}
)";
  CHECK(findings(p) == Lines{"34:5 error join-deadlock: join 'gather' can wait forever: it has tokens from 'a' and 'b' but none can come "
              "from 'c' and 'd'"});
}

TEST_CASE("an outcome reached while another branch is still active is improper completion") {
  std::string p = header() + R"(steps:
  - id: joint
    type: parallel
    parallel: [a, b]
    join: gather
  - {id: a, post: reviewer, next: done}
  - {id: b, post: reviewer, next: stopped}
  - id: gather
    type: join
    next: done
outcomes:
  - {id: done, kind: completed}
  - {id: stopped, kind: other}
)";
  CHECK(findings(p) == Lines{
      "19:29 error improper-completion: outcome 'done' can be reached from 'a' while 'b' is still active",
      "21:5 error unreachable-step: step 'gather' cannot be reached from the start 'joint'",
      "21:5 error join-deadlock: join 'gather' can wait forever: branch 'a' of parallel 'joint' can reach outcome 'done' "
      "without passing it",
  });
}

TEST_CASE("exploration stops at 200000 markings with a warning") {
  std::string steps = "  - id: joint\n    type: parallel\n    parallel: [b0_0, b1_0, b2_0, b3_0, b4_0, b5_0]\n    join: gather\n";
  for (int b = 0; b < 6; ++b)
    for (int i = 0; i < 8; ++i) {
      std::string next = i == 7 ? "gather" : "b" + std::to_string(b) + "_" + std::to_string(i + 1);
      steps += "  - {id: b" + std::to_string(b) + "_" + std::to_string(i) + ", post: reviewer, next: " + next + "}\n";
    }
  std::string p = header() + "steps:\n" + steps + "  - {id: gather, type: join, next: done}\noutcomes:\n  - {id: done, kind: completed}\n";
  CHECK(findings(p) == Lines{"15:5 warning soundness-incomplete: soundness not fully checked: more than 200000 states"});
}
