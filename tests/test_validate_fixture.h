// Shared by tests/test_validate_*.cpp: load YAML strings, validate, render findings as lines.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/loader.h"
#include "engine/validator.h"

namespace sunlit::testing {

// The organisation every test process refers to; clean on its own.
inline const char* const kOrg = R"(organisation: xicheng
title: 北京市西城区人民政府
departments:
  - id: market
    name: 区市场监督管理局
    posts:
      - id: intake
        name: 受理窗口
      - id: reviewer
        name: 审查员
      - id: head
        name: 局长
officials:
  - id: wang_fang
    name: 王芳
    posts: [intake, reviewer]
  - id: li_ming
    name: 李明
    posts: [reviewer, head]
)";

// Lines 1-13 of every test process: version, organisation and a catalog entry.
// `category` and `risk` vary; steps start on line 14.
inline std::string header(const std::string& category = "license", int risk = 2) {
  return "sunlit: 1\n"
         "organisation: xicheng\n"
         "power:\n"
         "  code: T-001\n"
         "  name: 测试职权\n"
         "  category: " + category + "\n"
         "  basis:\n"
         "    - {title: 中华人民共和国行政许可法, article: 第三十二条}\n"
         "  body: 北京市西城区市场监督管理局\n"
         "  office: 许可科\n"
         "  responsible: 张明\n"
         "  disclosure: {scope: public, forms: [website], time: permanent}\n"
         "  risk: " + std::to_string(risk) + "\n";
}

// Validates a process (and the fixture organisation unless `org` is null) and
// returns its findings sorted, as "line:col severity code: message".
inline std::vector<std::string> findings(const std::string& process_yaml, const char* org = kOrg,
                                         std::string* rendered = nullptr) {
  Diagnostics load;
  Document o;
  if (org) o = load_document(org, "xicheng.org.yaml", load);
  Document d = load_document(process_yaml, "p.yaml", load);
  INFO(load.render());
  REQUIRE(load.empty());
  REQUIRE(d.process);
  Diagnostics diags;
  diags.add_source("p.yaml", process_yaml);
  validate_process(*d.process, org ? &*o.organisation : nullptr, diags);
  diags.sort();
  if (rendered) *rendered = diags.render();
  std::vector<std::string> out;
  for (const auto& x : diags.items())
    out.push_back(std::to_string(x.pos.line) + ":" + std::to_string(x.pos.col) + " " + to_string(x.severity) + " " +
                  x.code + ": " + x.message);
  return out;
}

// Findings of one organisation document.
inline std::vector<std::string> org_findings(const std::string& org_yaml) {
  Diagnostics load;
  Document o = load_document(org_yaml, "o.org.yaml", load);
  INFO(load.render());
  REQUIRE(load.empty());
  REQUIRE(o.organisation);
  Diagnostics diags;
  validate_organisation(*o.organisation, diags);
  diags.sort();
  std::vector<std::string> out;
  for (const auto& x : diags.items())
    out.push_back(std::to_string(x.pos.line) + ":" + std::to_string(x.pos.col) + " " + to_string(x.severity) + " " +
                  x.code + ": " + x.message);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace sunlit::testing
