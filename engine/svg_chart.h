// Small hand-made SVG charts for reports: a bar chart of rates and a case's time use against
// its limits.
//
// Contract: pure; returns the whole SVG document as UTF-8 text (XML declaration, one <svg>
// root, no scripts, no external references). Every text from the data is XML-escaped, and
// labels are laid out by display width (a CJK character counts two columns) with a font
// stack that has CJK glyphs, so Chinese names render and never break the markup.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sunlit {

// One bar: a label, a value in 0..max, and the text printed at its end.
struct Bar {
  std::string label;
  std::optional<double> value;  // unset: no data (drawn as an empty row with `text`)
  std::string text;
};

// A horizontal bar chart (e.g. on-time rate by department, 0..100).
std::string svg_bar_chart(const std::string& title, const std::vector<Bar>& bars, double max);

// One row of a time-use chart: time used against the step's limit (same unit).
struct TimeUse {
  std::string label;             // "review 审查 (reviewer)"
  double used = 0;
  std::optional<double> limit;   // unset: the step has no limit
  bool overdue = false;
  std::string text;              // "3 of 5 working days"
};

// A case's time use: one bar per step visit, the limit marked, overdue bars in red.
std::string svg_time_chart(const std::string& title, const std::vector<TimeUse>& rows);

// `text` with &, <, >, " and ' escaped for XML (control characters other than tab/newline dropped).
std::string xml_escape(const std::string& text);

}  // namespace sunlit
