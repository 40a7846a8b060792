// Benchmark: load + validate + compile N generated flowcharts of ~30 steps.
//
// Goal (issue 2): 1,000 flowcharts in under 1 second in total on one core.
// Each generated flowchart uses every construct the validator checks:
// tasks with limits and hand-offs, an exclusive choice with conditions, a
// 3-branch parallel split/join, a deferred choice (wait), a supplement loop,
// suspension, restart, extension, rights, supervision, channels, separation.
// Usage: bench_language [N] [--write DIR]   (DIR: also write the files for `sunlit check`)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/compiler.h"
#include "engine/loader.h"
#include "engine/validator.h"

namespace {

using Clock = std::chrono::steady_clock;

const char* kOrg = R"(organisation: bench
title: Benchmark organisation
departments:
  - id: front
    name: Front office
    posts:
      - {id: intake, name: Intake}
      - {id: reviewer, name: Reviewer}
      - {id: head, name: Head}
  - id: other
    name: Other department
    posts:
      - {id: expert, name: Expert}
      - {id: legal, name: Legal review}
officials:
  - {id: a, name: A, posts: [intake, reviewer]}
  - {id: b, name: B, posts: [reviewer, head]}
  - {id: c, name: C, posts: [expert, legal]}
)";

// One task step in YAML, leading to `next` (and optionally elsewhere).
std::string task(const std::string& id, const char* post, const std::string& next, int days,
                 const std::string& extra = "") {
  return fmt::format(
      "  - id: {0}\n    name: Step {0}\n    post: {1}\n"
      "    limit: {{amount: {2}, unit: workdays, article: art. {2}}}\n"
      "    actions:\n      - {{id: done, to: {3}, label: done}}\n{4}",
      id, post, days, next, extra);
}

// A flowchart of 30 steps + 3 outcomes; `i` varies names and limits.
std::string generate(int i) {
  std::string s = fmt::format(
      "sunlit: 1\norganisation: bench\npower:\n  code: B-{0:04}\n  name: Generated power {0}\n"
      "  category: license\n  basis:\n    - {{title: License Law, article: art. 42, text: text}}\n"
      "  body: Bureau\n  office: Office\n  responsible: Chief\n"
      "  disclosure: {{scope: public, forms: [website], time: permanent}}\n  risk: 1\n"
      "fields:\n  - {{name: amount, type: money}}\n  - {{name: kind, type: enum, values: [person, organisation]}}\n"
      "  - {{name: complete, type: bool}}\n"
      "limit:\n  amount: 200\n  unit: workdays\n  article: art. 42\n  from: s01\n"
      "  extension: {{amount: 10, unit: workdays, article: art. 42, approved_by: head}}\n"
      "steps:\n",
      i);
  s += task("s01", "intake", "s02", 5,
            "      - {id: incomplete, to: s03, label: missing materials}\n");
  s += task("s02", "intake", "route", 2);
  s += task("s03", "intake", "s01", 5, "    restarts_clock: true\n");
  s += "  - id: route\n    type: choice\n    branches:\n"
       "      - {when: 'amount > 3000 and kind == \"organisation\"', to: s04}\n"
       "      - {when: 'not complete', to: s03}\n    otherwise: s05\n";
  s += task("s04", "reviewer", "s05", 3);
  s += task("s05", "reviewer", "split", 2);
  s += "  - id: split\n    type: parallel\n    parallel: [p1, p2, p3]\n    join: joined\n";
  for (int b = 1; b <= 3; ++b) {
    s += task(fmt::format("p{}", b), b == 2 ? "expert" : "reviewer", fmt::format("p{}b", b), 2);
    s += task(fmt::format("p{}b", b), "reviewer", fmt::format("p{}c", b), 1);
    s += task(fmt::format("p{}c", b), "reviewer", "joined", 1);
  }
  s += "  - id: joined\n    type: join\n    next: hearing_window\n";
  s += "  - id: hearing_window\n    type: wait\n"
       "    window: {amount: 5, unit: workdays, article: art. 47}\n"
       "    actions:\n      - {id: request_hearing, to: hearing}\n    timeout: {to: s06}\n";
  s += task("hearing", "reviewer", "s06", 20, "    suspends: hearing\n");
  for (int k = 6; k <= 14; ++k) {
    std::string id = fmt::format("s{:02}", k), next = k == 14 ? "decide" : fmt::format("s{:02}", k + 1);
    s += task(id, k % 3 == 0 ? "legal" : "reviewer", next, 1 + (i + k) % 3);
  }
  s += "  - id: decide\n    name: Decide\n    post: head\n"
       "    limit: {amount: 3, unit: workdays, article: art. 42}\n"
       "    actions:\n      - {id: grant, to: granted}\n      - {id: refuse, to: refused}\n";
  s += "outcomes:\n  - {id: granted, name: Granted, kind: granted}\n"
       "  - {id: refused, name: Refused, kind: refused, remedies: [reconsideration, litigation]}\n"
       "  - {id: withdrawn, name: Withdrawn, kind: withdrawn}\n"
       "withdrawal: {outcome: withdrawn, article: art. 32}\n"
       "supervision:\n  - {step: decide, body: Supervision bureau, kind: internal, channel: phone, "
       "contact: '12345', records: [decision]}\n"
       "rights:\n  - {kind: hearing, step: hearing_window, window: {amount: 5, unit: workdays, article: art. 47}, "
       "article: art. 47}\n"
       "channels:\n  - {id: reconsideration, kind: reconsideration, body: Government, contact: office, "
       "deadline: {amount: 60, unit: days, article: art. 20}}\n"
       "  - {id: litigation, kind: litigation, body: Court, contact: court, "
       "deadline: {amount: 6, unit: months, article: art. 46}}\n"
       "separation:\n  - {rule: different_officials, steps: [s05, decide], article: internal rule}\n"
       "  - {rule: two_officials, steps: [s04], article: art. 34}\n";
  return s;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  int n = 1000;
  std::string write_dir;
  for (int a = 1; a < argc; ++a) {
    std::string arg = argv[a];
    if (arg == "--write" && a + 1 < argc) write_dir = argv[++a];
    else n = std::max(1, std::atoi(argv[a]));
  }
  std::vector<std::string> texts;
  for (int i = 0; i < n; ++i) texts.push_back(generate(i));
  if (!write_dir.empty()) {
    std::ofstream(write_dir + "/bench.org.yaml") << kOrg;
    for (int i = 0; i < n; ++i) std::ofstream(fmt::format("{}/power-{:04}.yaml", write_dir, i)) << texts[static_cast<size_t>(i)];
  }

  sunlit::Diagnostics org_diags;
  auto org = sunlit::load_document(kOrg, "bench.org.yaml", org_diags).organisation;
  if (!org || org_diags.error_count() > 0) {
    std::fputs(org_diags.render().c_str(), stderr);
    return 1;
  }

  double t_load = 0, t_validate = 0, t_compile = 0;
  int steps = 0, findings = 0;
  for (int i = 0; i < n; ++i) {
    sunlit::Diagnostics d;
    auto t0 = Clock::now();
    auto doc = sunlit::load_document(texts[static_cast<size_t>(i)], fmt::format("power-{:04}.yaml", i), d);
    t_load += ms_since(t0);
    if (!doc.process) {
      std::fputs(d.render().c_str(), stderr);
      return 1;
    }
    t0 = Clock::now();
    sunlit::validate_process(*doc.process, &*org, d);
    t_validate += ms_since(t0);
    findings += static_cast<int>(d.items().size());
    if (d.error_count() > 0) {
      std::fputs(d.render().c_str(), stderr);
      return 1;
    }
    t0 = Clock::now();
    auto compiled = sunlit::compile(*doc.process, *org);
    t_compile += ms_since(t0);
    steps += static_cast<int>(doc.process->steps.size());
  }
  double total = t_load + t_validate + t_compile;
  std::printf("flowcharts: %d   steps each: %d   findings (warnings): %d\n", n, steps / n, findings);
  std::printf("%-10s %12s %14s\n", "phase", "total ms", "us/flowchart");
  std::printf("%-10s %12.1f %14.1f\n", "load", t_load, 1000 * t_load / n);
  std::printf("%-10s %12.1f %14.1f\n", "validate", t_validate, 1000 * t_validate / n);
  std::printf("%-10s %12.1f %14.1f\n", "compile", t_compile, 1000 * t_compile / n);
  std::printf("%-10s %12.1f %14.1f   goal: < 1000 ms for 1000 -> %s\n", "total", total, 1000 * total / n,
              total * 1000.0 / n < 1000.0 ? "met" : "NOT met");
  return 0;
}
