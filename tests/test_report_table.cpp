// Report tables and charts (engine/report_table.h, engine/svg_chart.h): aligned text with CJK
// widths, CSV escaping, JSON, the median and the nearest-rank 90th percentile, and SVG text
// escaped so Chinese names and markup characters never break the document.
#include <catch2/catch.hpp>

#include "engine/report_table.h"
#include "engine/svg_chart.h"

using namespace sunlit;

TEST_CASE("median and the nearest-rank 90th percentile of known numbers") {
  std::vector<double> days{0, 0, 1, 2, 5, 3, 2, 1, 1, 6};
  CHECK(median(days) == 1.5);
  CHECK(percentile(days, 90) == 5);   // rank ceil(0.9 * 10) = 9 of 0 0 1 1 1 2 2 3 5 6
  CHECK(median({2, 5, 3}) == 3);
  CHECK(percentile({2, 5, 3}, 90) == 5);  // rank ceil(2.7) = 3
  CHECK(percentile({7}, 90) == 7);
  CHECK(median({}) == 0);
  CHECK(days_text(1.5) == "1.5");
  CHECK(days_text(5) == "5");
  CHECK(percent_text(7, 9) == "77.8%");
  CHECK(percent_text(0, 0) == "—");
}

TEST_CASE("text tables align by display width, a CJK character taking two columns") {
  CHECK(display_width("审查 Review") == 11);
  Table t{{"a", "b"}, {"step", "days"}, {{"审查", "2"}, {"review", "10"}}};
  CHECK(render_text(t) == "step    days\n审查    2\nreview  10\n");
}

TEST_CASE("CSV quotes commas, quotes and line breaks, and ends lines with CRLF") {
  CHECK(csv_cell("plain") == "plain");
  CHECK(csv_cell("Shop, Ltd \"A\"") == "\"Shop, Ltd \"\"A\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  Table t{{"party", "n"}, {"party", "n"}, {{"Shop, Ltd \"A\"", "1"}, {"商铺", "2"}}};
  CHECK(render_csv(t) == "party,n\r\n\"Shop, Ltd \"\"A\"\"\",1\r\n商铺,2\r\n");
  CHECK(render_json(t).dump() == R"([{"n":"1","party":"Shop, Ltd \"A\""},{"n":"2","party":"商铺"}])");
}

TEST_CASE("SVG charts escape every text from the data and keep CJK text as is") {
  CHECK(xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  CHECK(xml_escape("bell\x07") == "bell");
  std::string svg = svg_bar_chart("On-time <rate>", {{"bureau 局 & co", 50.0, "50.0% (1 of 2)"}, {"fire", std::nullopt, "—"}}, 100);
  CHECK(svg.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("<title>On-time &lt;rate&gt;</title>") != std::string::npos);
  CHECK(svg.find(">bureau 局 &amp; co</text>") != std::string::npos);
  CHECK(svg.find("width=\"200\" height=\"18\" fill=\"#2b7bb9\"") != std::string::npos);  // 50% of 400 px
  CHECK(svg.find("& ") == std::string::npos);
  CHECK(svg.substr(svg.size() - 7) == "</svg>\n");
  std::string time = svg_time_chart("2026-000002", {{"review 审查", 5, 3.0, true, "5 working days (limit 3 working days): overdue"}});
  CHECK(time.find("fill=\"#c0392b\"") != std::string::npos);  // overdue in red
  CHECK(time.find("(limit 3 working days): overdue</text>") != std::string::npos);
}
