#include <catch2/catch.hpp>

#include <string>

#include "engine/loader.h"

using namespace sunlit;

namespace Catch {
template <> struct StringMaker<Pos> {
  static std::string convert(const Pos& p) { return std::to_string(p.line) + ":" + std::to_string(p.col); }
};
}  // namespace Catch

namespace {

// What one load gave: the document and the findings.
struct Loaded {
  Document doc;
  Diagnostics diags;
};

Loaded load(const std::string& text) {
  Loaded l;
  l.doc = load_document(text, "p.yaml", l.diags);
  return l;
}

// The rendered findings of loading `text`.
std::string render(const std::string& text) { return load(text).diags.render(); }

// A valid process head: 12 lines, so a test's own lines start at line 13.
const std::string kHead =
    "sunlit: 1\n"
    "organisation: xicheng\n"
    "power:\n"
    "  code: C-1\n"
    "  name: N\n"
    "  category: license\n"
    "  basis: [{title: T, article: A}]\n"
    "  body: B\n"
    "  office: O\n"
    "  responsible: R\n"
    "  disclosure: {scope: public}\n"
    "  risk: 2\n";

const std::string kOutcomes = "outcomes:\n  - {id: done, kind: granted}\n";

// kHead + `steps` + kOutcomes.
std::string with_steps(const std::string& steps) { return kHead + "steps:\n" + steps + kOutcomes; }

const std::string kComplete = R"(sunlit: 1
organisation: xicheng
power:
  code: XC-SJ-XK-001
  name: 食品经营许可
  category: license
  basis:
    - title: 中华人民共和国行政许可法
      article: 第三十二条
      text: 行政机关应当处理
  body: 北京市西城区市场监督管理局
  office: 食品经营许可科
  responsible: 科长 张明
  initiation: ex_officio
  conditions: 有经营场所
  disclosure:
    scope: on_request
    forms: [website, notice_board]
    time: as_it_happens
    within: {amount: 7, unit: workdays}
  fee:
    basis: 不收费
    standard: 0
  risk: 1
  confidential: true
  confidential_basis: 保密法第九条
  confidential_reason: 涉及国家秘密
fields:
  - name: applicant_type
    type: enum
    values: [person, organisation]
    label: 申请人类型
  - name: materials
    type: list
    item: text
limit:
  amount: 20
  unit: workdays
  article: 第四十二条
  from: accept
  until: decide
  extension:
    amount: 10.5
    unit: days
    article: 第四十二条
    approved_by: head
steps:
  - id: accept
    name: 受理 Acceptance
    type: task
    start: true
    post: intake
    description: 审查
    limit: {amount: 5, unit: workdays, article: 第三十二条}
    actions:
      - id: request_supplement
        to: route
        label: 补正
        sets: [accepted_on, materials]
        handoff: 移送申请材料
    next: route
    timeout:
      to: route
      label: 视为受理
    suspends: hearing
    restarts_clock: true
    disclosure: {scope: public, forms: [website], time: as_it_happens}
  - id: route
    type: choice
    branches:
      - when: "applicant_type == \"person\""
        to: joint
        label: 个人
      - when: fine > 200
        to: joint
    otherwise: joint
  - id: joint
    type: parallel
    parallel: [a, b]
    join: joint_done
  - id: joint_done
    type: join
    next: hearing_window
  - id: hearing_window
    type: wait
    window: {amount: 5, unit: hours}
    actions:
      - id: request_hearing
        to: granted
    timeout: {to: granted}
outcomes:
  - id: granted
    name: 准予许可
    kind: granted
    remedies: [reconsideration, litigation]
    disclosure: {scope: public, forms: [gazette], time: permanent}
withdrawal:
  outcome: withdrawn
  from: [accept, route]
  article: 第三十二条
supervision:
  - step: accept
    body: 区监察局
    kind: internal
    channel: phone
    contact: 010-12345678
    records: [审查意见, 审查人]
rights:
  - kind: hearing
    step: accept
    window: {amount: 5, unit: workdays, article: 第四十七条}
    article: 第四十七条
    description: 有权要求听证
channels:
  - id: reconsideration
    kind: reconsideration
    body: 区人民政府
    contact: 复议中心
    deadline: {amount: 60, unit: days, article: 第二十条}
separation:
  - rule: two_officials
    steps: [accept]
    article: 第三十四条
)";

}  // namespace

TEST_CASE("a complete process document fills the catalog entry") {
  auto l = load(kComplete);
  INFO(l.diags.render());
  REQUIRE(l.diags.empty());
  REQUIRE(l.doc.process);
  REQUIRE_FALSE(l.doc.organisation);
  const Process& p = *l.doc.process;
  CHECK(p.file == "p.yaml");
  CHECK(p.pos == Pos{1, 1});
  CHECK(p.organisation.name == "xicheng");
  CHECK(p.organisation.pos == Pos{2, 15});
  const Catalog& c = p.power;
  CHECK(c.pos == Pos{4, 3});
  CHECK(c.code == "XC-SJ-XK-001");
  CHECK(c.name == "食品经营许可");
  CHECK(c.category == Category::license);
  CHECK(c.category_pos == Pos{6, 13});
  REQUIRE(c.basis.size() == 1);
  CHECK(c.basis[0].title == "中华人民共和国行政许可法");
  CHECK(c.basis[0].article == "第三十二条");
  CHECK(c.basis[0].text == "行政机关应当处理");
  CHECK(c.basis[0].pos == Pos{8, 7});
  CHECK(c.body == "北京市西城区市场监督管理局");
  CHECK(c.office == "食品经营许可科");
  CHECK(c.responsible == "科长 张明");
  CHECK(c.initiation == Initiation::ex_officio);
  CHECK(c.conditions == "有经营场所");
  CHECK(c.disclosure.scope == DisclosureScope::on_request);
  CHECK(c.disclosure.forms == std::vector<std::string>{"website", "notice_board"});
  CHECK(c.disclosure.time == DisclosureTime::as_it_happens);
  REQUIRE(c.disclosure.within);
  CHECK(c.disclosure.within->amount == 7);
  CHECK(c.disclosure.within->pos == Pos{20, 13});
  CHECK(c.disclosure.pos == Pos{17, 5});
  CHECK(c.fee_basis == "不收费");
  CHECK(c.fee_standard == "0");
  CHECK(c.risk == 1);
  CHECK(c.risk_pos == Pos{24, 9});
  CHECK(c.confidential);
  CHECK(c.confidential_pos == Pos{25, 3});
  CHECK(c.confidential_basis == "保密法第九条");
  CHECK(c.confidential_reason == "涉及国家秘密");
}

TEST_CASE("a complete process document fills fields and the case limit") {
  auto l = load(kComplete);
  REQUIRE(l.doc.process);
  const Process& p = *l.doc.process;
  REQUIRE(p.fields.size() == 2);
  CHECK(p.fields[0].name == "applicant_type");
  CHECK(p.fields[0].type == FieldType::enumeration);
  CHECK(p.fields[0].values == std::vector<std::string>{"person", "organisation"});
  CHECK(p.fields[0].label == "申请人类型");
  CHECK_FALSE(p.fields[0].item);
  CHECK(p.fields[0].pos == Pos{29, 5});
  CHECK(p.fields[1].type == FieldType::list);
  CHECK(p.fields[1].item == FieldType::text);
  REQUIRE(p.limit);
  CHECK(p.limit->pos == Pos{37, 3});
  CHECK(p.limit->period.amount == 20);
  CHECK(p.limit->period.unit == Unit::workdays);
  CHECK(p.limit->period.article == "第四十二条");
  CHECK(p.limit->from.name == "accept");
  CHECK(p.limit->from.pos == Pos{40, 9});
  CHECK(p.limit->until.name == "decide");
  REQUIRE(p.limit->extension);
  CHECK(p.limit->extension->period.amount == 10.5);
  CHECK(p.limit->extension->period.unit == Unit::days);
  CHECK(p.limit->extension->approved_by.name == "head");
  CHECK(p.limit->extension->pos == Pos{43, 5});
}

TEST_CASE("a complete process document fills a task step and desugars next") {
  auto l = load(kComplete);
  REQUIRE(l.doc.process);
  REQUIRE(l.doc.process->steps.size() == 5);
  const Step& s = l.doc.process->steps[0];
  CHECK(s.id == "accept");
  CHECK(s.pos == Pos{48, 5});
  CHECK(s.name == "受理 Acceptance");
  CHECK(s.kind == StepKind::task);
  CHECK(s.start);
  CHECK(s.post.name == "intake");
  CHECK(s.post.pos == Pos{52, 11});
  CHECK(s.description == "审查");
  REQUIRE(s.limit);
  CHECK(s.limit->amount == 5);
  CHECK(s.limit->article == "第三十二条");
  REQUIRE(s.actions.size() == 2);
  CHECK(s.actions[0].name == "request_supplement");
  CHECK(s.actions[0].pos == Pos{56, 9});
  CHECK(s.actions[0].to.name == "route");
  CHECK(s.actions[0].label == "补正");
  REQUIRE(s.actions[0].sets.size() == 2);
  CHECK(s.actions[0].sets[1].name == "materials");
  CHECK(s.actions[0].sets[1].pos == Pos{59, 29});
  CHECK(s.actions[0].handoff == "移送申请材料");
  CHECK_FALSE(s.actions[0].by_party);
  CHECK(s.actions[1].name == "complete");
  CHECK(s.actions[1].to.name == "route");
  CHECK(s.actions[1].to.pos == Pos{61, 11});
  CHECK(s.actions[1].pos == Pos{61, 5});
  CHECK(s.next.empty());
  REQUIRE(s.timeout);
  CHECK(s.timeout->to.name == "route");
  CHECK(s.timeout->label == "视为受理");
  CHECK(s.timeout->pos == Pos{63, 7});
  CHECK(s.suspends == "hearing");
  CHECK(s.restarts_clock);
  REQUIRE(s.disclosure);
  CHECK(s.disclosure->forms == std::vector<std::string>{"website"});
}

TEST_CASE("a complete process document fills choice, parallel, join and wait steps") {
  auto l = load(kComplete);
  REQUIRE(l.doc.process);
  const auto& steps = l.doc.process->steps;
  REQUIRE(steps.size() == 5);
  const Step& choice = steps[1];
  CHECK(choice.kind == StepKind::choice);
  REQUIRE(choice.branches.size() == 2);
  CHECK(choice.branches[0].condition == "applicant_type == \"person\"");
  CHECK(choice.branches[0].condition_pos == Pos{71, 16});  // after the opening quote
  CHECK(choice.branches[0].pos == Pos{71, 9});
  CHECK(choice.branches[0].label == "个人");
  CHECK(choice.branches[1].condition == "fine > 200");
  CHECK(choice.branches[1].condition_pos == Pos{74, 15});
  CHECK(choice.otherwise.name == "joint");
  const Step& split = steps[2];
  CHECK(split.kind == StepKind::split);
  REQUIRE(split.parallel.size() == 2);
  CHECK(split.parallel[1].name == "b");
  CHECK(split.parallel[1].pos == Pos{79, 19});
  CHECK(split.join.name == "joint_done");
  const Step& join = steps[3];
  CHECK(join.kind == StepKind::join);
  CHECK(join.next.name == "hearing_window");
  CHECK(join.actions.empty());
  const Step& wait = steps[4];
  CHECK(wait.kind == StepKind::wait);
  REQUIRE(wait.limit);
  CHECK(wait.limit->unit == Unit::hours);
  REQUIRE(wait.actions.size() == 1);
  CHECK(wait.actions[0].by_party);
  REQUIRE(wait.timeout);
  CHECK(wait.timeout->to.name == "granted");
}

TEST_CASE("a complete process document fills outcomes and the law's extras") {
  auto l = load(kComplete);
  REQUIRE(l.doc.process);
  const Process& p = *l.doc.process;
  REQUIRE(p.outcomes.size() == 1);
  const Outcome& o = p.outcomes[0];
  CHECK(o.id == "granted");
  CHECK(o.pos == Pos{92, 5});
  CHECK(o.name == "准予许可");
  CHECK(o.kind == OutcomeKind::granted);
  CHECK(o.kind_pos == Pos{94, 11});
  REQUIRE(o.remedies.size() == 2);
  CHECK(o.remedies[1].name == "litigation");
  REQUIRE(o.disclosure);
  CHECK(o.disclosure->forms == std::vector<std::string>{"gazette"});
  REQUIRE(p.withdrawal);
  CHECK(p.withdrawal->outcome.name == "withdrawn");
  CHECK(p.withdrawal->from.size() == 2);
  CHECK(p.withdrawal->article == "第三十二条");
  CHECK(p.withdrawal->pos == Pos{98, 3});
  REQUIRE(p.supervision.size() == 1);
  CHECK(p.supervision[0].step.name == "accept");
  CHECK(p.supervision[0].body == "区监察局");
  CHECK(p.supervision[0].kind == "internal");
  CHECK(p.supervision[0].channel == "phone");
  CHECK(p.supervision[0].contact == "010-12345678");
  CHECK(p.supervision[0].records == std::vector<std::string>{"审查意见", "审查人"});
  REQUIRE(p.rights.size() == 1);
  CHECK(p.rights[0].kind == RightKind::hearing);
  CHECK(p.rights[0].kind_pos == Pos{109, 11});
  CHECK(p.rights[0].step.name == "accept");
  REQUIRE(p.rights[0].window);
  CHECK(p.rights[0].window->article == "第四十七条");
  CHECK(p.rights[0].description == "有权要求听证");
  REQUIRE(p.channels.size() == 1);
  CHECK(p.channels[0].id == "reconsideration");
  CHECK(p.channels[0].kind == ChannelKind::reconsideration);
  CHECK(p.channels[0].body == "区人民政府");
  REQUIRE(p.channels[0].deadline);
  CHECK(p.channels[0].deadline->amount == 60);
  CHECK(p.channels[0].deadline->unit == Unit::days);
  REQUIRE(p.separation.size() == 1);
  CHECK(p.separation[0].kind == SeparationKind::two_officials);
  CHECK(p.separation[0].steps[0].name == "accept");
  CHECK(p.separation[0].article == "第三十四条");
}

TEST_CASE("an organisation document fills departments, posts and officials") {
  auto l = load(
      "organisation: xicheng\n"
      "title: 北京市西城区人民政府\n"
      "departments:\n"
      "  - id: market\n"
      "    name: 区市场监督管理局\n"
      "    posts:\n"
      "      - id: intake\n"
      "        name: 受理窗口\n"
      "      - {id: head, name: 局长}\n"
      "officials:\n"
      "  - id: wang_fang\n"
      "    name: 王芳\n"
      "    posts: [intake, head]\n");
  INFO(l.diags.render());
  REQUIRE(l.diags.empty());
  REQUIRE(l.doc.organisation);
  REQUIRE_FALSE(l.doc.process);
  const Organisation& o = *l.doc.organisation;
  CHECK(o.file == "p.yaml");
  CHECK(o.name == "xicheng");
  CHECK(o.title == "北京市西城区人民政府");
  CHECK(o.pos == Pos{1, 1});
  REQUIRE(o.departments.size() == 1);
  CHECK(o.departments[0].id == "market");
  CHECK(o.departments[0].name == "区市场监督管理局");
  CHECK(o.departments[0].pos == Pos{4, 5});
  REQUIRE(o.posts.size() == 2);
  CHECK(o.posts[0].id == "intake");
  CHECK(o.posts[0].department == "market");
  CHECK(o.posts[0].pos == Pos{7, 9});
  CHECK(o.posts[1].id == "head");
  CHECK(o.posts[1].name == "局长");
  CHECK(o.posts[1].pos == Pos{9, 10});
  REQUIRE(o.officials.size() == 1);
  CHECK(o.officials[0].id == "wang_fang");
  CHECK(o.officials[0].name == "王芳");
  REQUIRE(o.officials[0].posts.size() == 2);
  CHECK(o.officials[0].posts[1].name == "head");
  CHECK(o.officials[0].posts[1].pos == Pos{13, 21});
}

TEST_CASE("language_keys names every context and drives the unknown-key check") {
  const auto& keys = language_keys();
  for (const char* context : {"process", "power", "basis", "disclosure", "fee", "field", "limit", "extension", "step",
                              "action", "branch", "timeout", "period", "outcome", "withdrawal", "supervision",
                              "right", "channel", "separation", "organisation", "department", "post", "official"})
    CHECK(keys.count(context) == 1);
  CHECK(keys.size() == 23);
  CHECK(keys.at("period") == std::vector<std::string>{"amount", "unit", "article"});
  CHECK(render(with_steps("  - {id: a, post: p, next: done, nmae: x}\n")) ==
        "p.yaml:14:34: error: unknown key 'nmae' in step; did you mean 'name'?\n"
        "  - {id: a, post: p, next: done, nmae: x}\n"
        "                                 ^\n");
}

TEST_CASE("positions: a byte order mark, a block condition and a tagged condition") {
  auto l = load("\xEF\xBB\xBFsunlit: 2\n");
  CHECK(l.diags.items().at(0).pos == Pos{1, 4});  // the mapping, after the 3 BOM bytes
  CHECK(l.diags.items().at(0).message == "missing required key 'organisation' in process");
  CHECK(l.diags.items().back().pos == Pos{1, 12});
  CHECK(l.diags.items().back().message == "unsupported language version 2; expected 'sunlit: 1'");
  auto b = load(with_steps("  - id: r\n    type: choice\n    branches:\n      - when: |\n          x > 1\n        to: done\n"
                           "      - {when: !!str y, to: done}\n      - {when: 'z', to: done}\n"));
  REQUIRE(b.doc.process);
  const auto& branches = b.doc.process->steps.at(0).branches;
  REQUIRE(branches.size() == 3);
  CHECK(branches[0].condition == "x > 1\n");
  CHECK(branches[0].condition_pos == Pos{18, 11});
  CHECK(branches[1].condition_pos == Pos{20, 22});
  CHECK(branches[2].condition_pos == Pos{21, 17});
}

namespace {

// The exact rendering of one error on source line `n` (`line`), at the first `needle`.
std::string err(int n, const std::string& line, const std::string& needle, const std::string& message) {
  size_t col = line.find(needle) + 1;
  REQUIRE(col > 0);
  return "p.yaml:" + std::to_string(n) + ":" + std::to_string(col) + ": error: " + message + "\n" + line + "\n" +
         std::string(col - 1, ' ') + "^\n";
}

// Loads one step line (source line 14) and returns the rendered findings.
std::string step_render(const std::string& line) { return render(with_steps(line + "\n")); }

// kHead with one of its lines replaced.
std::string head_with(const std::string& from, const std::string& to) {
  std::string s = kHead;
  s.replace(s.find(from), from.size(), to);
  return s + "steps:\n  - {id: a, post: p, next: done}\n" + kOutcomes;
}

}  // namespace

TEST_CASE("unknown, duplicate and missing keys") {
  std::string l = "  - {id: a, post: p, next: done, zzz: 1}";
  CHECK(step_render(l) == err(14, l, "zzz", "unknown key 'zzz' in step"));
  l = "  - {id: a, post: p, next: done, post: q}";
  CHECK(step_render(l) == err(14, l, "post: q", "duplicate key 'post' in step"));
  l = "  - {post: p, next: done}";
  CHECK(step_render(l) == err(14, l, "{", "missing required key 'id' in step"));
  CHECK(render(head_with("  code: C-1\n", "")) == err(4, "  name: N", "name", "missing required key 'code' in power"));
  CHECK(render("departments: []\n") == err(1, "departments: []", "d", "missing required key 'organisation' in organisation"));
}

TEST_CASE("wrong types say what was expected and what was found") {
  std::string l = "  - {id: a, post: p, next: done, limit: {amount: ten, unit: days}}";
  CHECK(step_render(l) == err(14, l, "ten", "expected a number for 'amount' in period, found 'ten'"));
  l = "  - {id: a, post: p, next: done, start: yes}";
  CHECK(step_render(l) == err(14, l, "yes", "expected true or false for 'start' in step, found 'yes'"));
  l = "  - {id: a, post: p, next: done, name: [x]}";
  CHECK(step_render(l) == err(14, l, "[x]", "expected text for 'name' in step, found a list"));
  l = "  - {id: a, post: p, next: done, name: }";
  CHECK(step_render(l) == err(14, l, "name", "expected text for 'name' in step, found nothing"));
  l = "  - {id: a, post: p, next: done, timeout: x}";
  CHECK(step_render(l) == err(14, l, "x}", "expected a mapping for 'timeout' in step, found 'x'"));
  l = "  - {id: a, post: p, actions: [{id: b, to: done, sets: x}]}";
  CHECK(step_render(l) == err(14, l, "x}", "expected a list for 'sets' in action, found 'x'"));
  l = "  - {id: a, post: p, actions: [{id: b, to: done, sets: [{f: 1}]}]}";
  CHECK(step_render(l) == err(14, l, "{f", "expected text for an item of 'sets' in action, found a mapping"));
  l = "  - a";
  CHECK(step_render(l) == err(14, l, "a", "expected a mapping for an item of 'steps' in process, found 'a'"));
  l = "  - {id: a, post: p, next: done, [k]: 1}";
  CHECK(step_render(l) == err(14, l, "[k", "expected text for a key in step, found a list"));
  CHECK(render(head_with("  risk: 2\n", "  risk: \"2\"\n")) ==
        err(12, "  risk: \"2\"", "\"", "expected a whole number for 'risk' in power, found text '2'"));
  CHECK(render("- a\n") == err(1, "- a", "-", "expected a mapping for the document, found a list"));
  CHECK(render("hello\n") == err(1, "hello", "h", "expected a mapping for the document, found 'hello'"));
  CHECK(render("organisation: x\ndepartments: x\n") ==
        err(2, "departments: x", "x", "expected a list for 'departments' in organisation, found 'x'"));
}

TEST_CASE("bad enumeration values suggest or list the spellings") {
  std::string l = "  - {id: a, type: choise, otherwise: done}";
  CHECK(step_render(l) == err(14, l, "choise", "unknown value 'choise' for 'type' in step; did you mean 'choice'?"));
  l = "  - {id: a, type: loop}";
  CHECK(step_render(l) ==
        err(14, l, "loop", "unknown value 'loop' for 'type' in step; expected task, choice, parallel, join or wait"));
  l = "  - {id: a, post: p, next: done, suspends: holiday}";
  CHECK(step_render(l) ==
        err(14, l, "holiday",
            "unknown value 'holiday' for 'suspends' in step; expected hearing, bidding, auction, testing, inspection, "
            "quarantine, appraisal, expert_review, third_party_consultation or other"));
  CHECK(render(head_with("  disclosure: {scope: public}\n", "  disclosure: {scope: public, forms: [webiste]}\n")) ==
        err(11, "  disclosure: {scope: public, forms: [webiste]}", "webiste",
            "unknown value 'webiste' for 'forms' in disclosure; did you mean 'website'?"));
  CHECK(render(head_with("  risk: 2\n", "  risk: 5\n")) ==
        err(12, "  risk: 5", "5", "unknown value '5' for 'risk' in power; expected 1, 2 or 3"));
}

TEST_CASE("ids, version, empty basis, misplaced keys and next with complete") {
  std::string l = "  - {id: Accept, post: p, next: done}";
  CHECK(step_render(l) ==
        err(14, l, "Accept",
            "invalid id 'Accept': use lower_snake_case (a lowercase letter, then lowercase letters, digits or _)"));
  CHECK(render(head_with("sunlit: 1\n", "sunlit: 2\n")) ==
        err(1, "sunlit: 2", "2", "unsupported language version 2; expected 'sunlit: 1'"));
  CHECK(render(head_with("  basis: [{title: T, article: A}]\n", "  basis: []\n")) ==
        err(7, "  basis: []", "[", "'basis' in power needs at least one item"));
  l = "  - {id: a, post: p, next: done, window: {amount: 1, unit: days}}";
  CHECK(step_render(l) == err(14, l, "window", "`window` is not allowed on a task step (only on a wait)"));
  l = "  - {id: w, type: wait, limit: {amount: 1, unit: days}, actions: [{id: x, to: done}], timeout: {to: done}}";
  CHECK(step_render(l) ==
        err(14, l, "limit", "`limit` is not allowed on a wait step (only on a task, or `window` on a wait)"));
  l = "  - {id: a, post: p, next: done, actions: [{id: complete, to: done}]}";
  CHECK(step_render(l) ==
        err(14, l, "next", "`next` is shorthand for an action named 'complete', and this task already has one"));
}

TEST_CASE("YAML syntax errors, empty files and second documents") {
  CHECK(render("a: b: c\n") == err(1, "a: b: c", ": c", "invalid YAML: mapping values are not allowed in this context"));
  CHECK(render("a: [1, 2\n") ==
        "p.yaml:2:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence started at "
        "line 1)\n\n^\n");
  std::string s = "a: {b: c]";  // a context on the problem's own line is named by its column
  CHECK(render(s + "\n") ==
        err(1, s, "]", "invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping started at column 4)"));
  CHECK(render("a: 'b\n") == "p.yaml:2:1: error: invalid YAML: found unexpected end of stream (while scanning a "
                               "quoted scalar started at line 1)\n\n^\n");
  s = "  - {id: a, post: p, next: *nowhere}";
  CHECK(step_render(s) == err(14, s, "*", "invalid YAML: unknown alias *nowhere (no anchor &nowhere before it)"));
  CHECK(render("") == "p.yaml:1:1: error: the file is empty; expected a process or an organisation\n\n^\n");
  CHECK(render("# only a comment\n") ==
        err(1, "# only a comment", "#", "the file is empty; expected a process or an organisation"));
  auto l = load(with_steps("  - {id: a, post: p, next: done}\n") + "---\nb: 2\n");
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.render() == err(17, "---", "-", "a file holds one YAML document; this is a second one"));
  CHECK(l.doc.process);
}

TEST_CASE("hostile bytes: too large, NUL, control characters, invalid UTF-8") {
  CHECK(render(std::string((size_t{16} << 20) + 1, 'a')) ==
        "p.yaml: error: file is too large: 16777217 bytes (the limit is 16 MiB)\n");
  std::string nul("sunlit: 1\nx: a\0b\n", 17);
  CHECK(render(nul) == "p.yaml:2:5: error: control character 0x00 is not allowed in a YAML file\n" +
                           std::string("x: a\0b", 6) + "\n    ^\n");
  CHECK(render("a: \x04\n") == err(1, "a: \x04", "\x04", "control character 0x04 is not allowed in a YAML file"));
  CHECK(render("name: \xff\n") == err(1, "name: \xff", "\xff", "invalid UTF-8: byte 0xff; save the file as UTF-8"));
  CHECK(render("a: \xed\xa0\x80\n") ==  // an encoded surrogate
        err(1, "a: \xed\xa0\x80", "\xed", "invalid UTF-8: byte 0xed; save the file as UTF-8"));
  CHECK(render("a: \xe5\xae\n") == err(1, "a: \xe5\xae", "\xe5", "invalid UTF-8: byte 0xe5; save the file as UTF-8"));
  CHECK(render("a: x\xc2\x9b\n") ==  // a C1 control character (YAML refuses all but U+0085)
        err(1, "a: x\xc2\x9b", "\xc2", "control character U+009B is not allowed in a YAML file"));
  CHECK(render("a: \xef\xbf\xbe\n") == err(1, "a: \xef\xbf\xbe", "\xef", "character U+FFFE is not allowed in a YAML file"));
}

TEST_CASE("positions: byte columns after multi-byte characters, CRLF line ends") {
  std::string l = "  - {id: a, name: 受理 «x», post: p, next: done, zz: 1}";
  auto steps = load(with_steps(l + "\n"));
  REQUIRE(steps.diags.items().size() == 1);
  CHECK(steps.diags.items()[0].message == "unknown key 'zz' in step");
  CHECK(steps.diags.items()[0].pos == Pos{14, static_cast<int>(l.find("zz")) + 1});  // 54: bytes, not characters
  auto crlf = load("organisation: 西城\r\ntitle: 标题\r\ndepartments:\r\n  - {id: 市场, name: M}\r\n");
  REQUIRE(crlf.doc.organisation);
  CHECK(crlf.doc.organisation->title == "标题");
  REQUIRE(crlf.diags.items().size() == 2);
  CHECK(crlf.diags.items()[0].pos == Pos{1, 15});  // the bad id '西城'
  CHECK(crlf.diags.items()[1].pos == Pos{4, 10});  // the bad id '市场'
}

TEST_CASE("hostile nesting: deep brackets and deep indentation are refused") {
  auto l = load(std::string(100000, '['));
  REQUIRE(l.diags.items().size() == 1);
  CHECK(l.diags.items()[0].code == "too-deep");
  CHECK(l.diags.items()[0].message == "the document is nested too deeply");
  CHECK_FALSE(l.doc.process);
  std::string line = "a: " + std::string(600, '{');  // refused at the 101st level: the 100th brace
  CHECK(render(line + "\n") ==
        "p.yaml:1:103: error: the document is nested too deeply\n" + line + "\n" + std::string(102, ' ') + "^\n");
  auto deep = load("steps: " + std::string(99, '[') + std::string(99, ']') + "\n");  // 100 levels
  for (const auto& d : deep.diags.items()) CHECK(d.code != "too-deep");
  CHECK(deep.diags.render().find("expected a mapping for an item of 'steps' in process, found a list") !=
        std::string::npos);
  std::string indented;
  for (int i = 0; i < 3000; ++i) indented += std::string(static_cast<size_t>(i), ' ') + "- \n";
  CHECK(load(indented).diags.items().at(0).code == "too-deep");
}

TEST_CASE("hostile aliases: a billion laughs is stopped by the work budget") {
  std::string sets = "[" + std::string(1000 * 2 - 1, ',') + "]";
  for (size_t i = 1; i < sets.size(); i += 2) sets[i] = 'f';
  std::string actions = "[&x {id: b, to: done, sets: " + sets + "}";
  for (int i = 0; i < 999; ++i) actions += ", *x";
  std::string steps = "  - &s {id: a, post: p, actions: " + actions + "]}\n";
  for (int i = 0; i < 999; ++i) steps += "  - *s\n";
  CHECK(render(with_steps(steps)) == "p.yaml: error: document is too large or too deeply aliased\n");
  // A cycle: the list holds itself.
  auto l = load(with_steps("  - {id: a, post: p, next: done, parallel: &p [*p, *p]}\n"));
  CHECK(l.diags.items().size() == 2);
  CHECK(l.diags.items()[0].message == "expected text for an item of 'parallel' in step, found a list");
}

TEST_CASE("a long file of errors stops after 100 findings") {
  std::string steps;
  for (int i = 0; i < 150; ++i) steps += "  - {id: a, post: p, next: done, zz: 1}\n";
  auto l = load(with_steps(steps));
  REQUIRE(l.diags.items().size() == 101);
  CHECK(l.diags.render(l.diags.items().back()) ==
        err(114, "  - {id: a, post: p, next: done, zz: 1}", "zz", "too many errors; stopped after 100"));
  CHECK_FALSE(l.doc.process);
}

TEST_CASE("a large valid process stays within the work budget") {
  std::string steps;
  for (int i = 0; i < 5000; ++i)
    steps += "  - {id: s" + std::to_string(i) + ", post: p, actions: [{id: a, to: done, sets: [x, y]}], next: done}\n";
  auto l = load(with_steps(steps));
  CHECK(l.diags.empty());
  REQUIRE(l.doc.process);
  CHECK(l.doc.process->steps.size() == 5000);
}

TEST_CASE("hostile shapes: every prefix and every value replaced never crash") {
  for (size_t n = 0; n <= kComplete.size(); n += 7) {
    Diagnostics d;
    (void)load_document(kComplete.substr(0, n), "p.yaml", d);
  }
  const char* replacements[] = {"[1]", "{a: 1}", "~", "\"x\"", "-1", "&a [*a]", "!!binary x", "1e999"};
  size_t lines = 0;
  for (size_t at = kComplete.find(": "); at != std::string::npos; at = kComplete.find(": ", at + 1), ++lines) {
    size_t end = kComplete.find('\n', at);
    for (const char* r : replacements) {
      std::string text = kComplete.substr(0, at + 2) + r + kComplete.substr(end);
      Diagnostics d;
      (void)load_document(text, "p.yaml", d);
    }
  }
  CHECK(lines > 100);
}

TEST_CASE("a comma outside any list is reported, not looped on") {
  CHECK(render(",: [[x\n") == err(1, ",: [[x", ",", "invalid YAML: did not find expected node content"));
  CHECK(load(",").diags.items().at(0).code == "yaml-syntax");
}
