// A complete, realistic license process validates without a single finding.
#include "tests/test_validate_fixture.h"

using namespace sunlit;
using namespace sunlit::testing;

namespace {

// Food business license: one-time notice of missing materials (restarts the clock),
// joint review by two posts in parallel, a hearing window, decision with extension.
const std::string kLicense = header("license", 1) + R"(fields:
  - {name: materials_complete, type: bool, label: 材料齐全, default: true}  # deemed accepted: complete (art. 32)
  - {name: applicant_type, type: enum, values: [person, organisation]}
  - {name: documents, type: list, item: text}
limit:
  amount: 20
  unit: workdays
  article: 行政许可法第四十二条
  from: accept
  extension: {amount: 10, unit: workdays, article: 行政许可法第四十二条, approved_by: head}
steps:
  - id: accept
    name: 受理
    start: true
    post: intake
    limit: {amount: 5, unit: workdays, article: 行政许可法第三十二条}
    actions:
      - {id: accept, to: check, sets: [materials_complete]}
      - {id: reject, to: not_accepted}
    timeout: {to: check, label: 逾期未告知视为受理 deemed accepted (art. 32)}
  - id: check
    type: choice
    branches:
      - {when: not materials_complete and applicant_type == "organisation", to: supplement, label: 一次性告知}
      - {when: not materials_complete, to: supplement}
    otherwise: joint
  - id: supplement
    name: 补正材料 one-time notice
    type: wait
    window: {amount: 30, unit: days, article: 行政许可法第三十二条}
    restarts_clock: true
    actions: [{id: supplied, to: accept, sets: [documents]}]
    timeout: {to: abandoned}
  - id: joint
    type: parallel
    parallel: [site_review, document_review]
    join: joint_done
  - id: site_review
    post: reviewer
    limit: {amount: 8, unit: workdays, article: 行政许可法第三十四条}
    next: joint_done
  - id: document_review
    post: reviewer
    limit: {amount: 8, unit: workdays, article: 行政许可法第三十四条}
    actions: [{id: done, to: joint_done, handoff: 移送审查意见}]
  - id: joint_done
    type: join
    next: hearing_window
  - id: hearing_window
    type: wait
    window: {amount: 5, unit: workdays, article: 行政许可法第四十七条}
    actions: [{id: request_hearing, to: hearing}]
    timeout: {to: decide}
  - id: hearing
    post: reviewer
    limit: {amount: 20, unit: workdays, article: 行政许可法第四十八条}
    suspends: hearing
    next: decide
  - id: decide
    post: head
    limit: {amount: 2, unit: workdays, article: 行政许可法第四十二条}
    actions:
      - {id: grant, to: granted}
      - {id: refuse, to: refused}
outcomes:
  - {id: granted, kind: granted, disclosure: {scope: public, forms: [website], time: as_it_happens, within: {amount: 7, unit: workdays}}}
  - {id: refused, kind: refused, remedies: [reconsideration, litigation]}
  - {id: not_accepted, kind: not_accepted, remedies: [reconsideration, litigation]}
  - {id: abandoned, kind: deemed_abandoned}
  - {id: withdrawn, kind: withdrawn}
withdrawal:
  outcome: withdrawn
  from: [accept, supplement]
  article: 行政许可法第三十二条
supervision:
  - {step: decide, body: 区监察局, kind: internal, channel: phone, contact: 010-12345678}
rights:
  - {kind: hearing, step: hearing_window, window: {amount: 5, unit: workdays, article: 行政许可法第四十七条}, article: 行政许可法第四十七条}
  - {kind: reasons, step: decide, article: 行政许可法第三十八条}
channels:
  - {id: reconsideration, kind: reconsideration, body: 西城区人民政府, deadline: {amount: 60, unit: days, article: 行政复议法第二十条}}
  - {id: litigation, kind: litigation, body: 西城区人民法院, deadline: {amount: 15, unit: days, article: 行政诉讼法第四十五条}}
  - {id: hotline, kind: hotline, contact: "12345"}
separation:
  - {rule: different_officials, steps: [site_review, decide], article: 内部管理制度}
  - {rule: two_officials, steps: [site_review], article: 行政许可法第三十四条}
)";

}  // namespace

TEST_CASE("a complete license process (one-time notice, joint review, hearing, extension) has no findings") {
  CHECK(findings(kLicense) == Lines{});
}

TEST_CASE("the organisation fixture has no findings") { CHECK(org_findings(kOrg) == Lines{}); }
