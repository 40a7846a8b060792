#include "engine/svg_chart.h"

#include <algorithm>
#include <fmt/format.h>

#include "engine/report_table.h"

namespace sunlit {

namespace {

constexpr int kRow = 28;         // height of one bar row
constexpr int kCharWidth = 7;    // px per display column at 12px
constexpr int kBarWidth = 400;   // px of a full bar
constexpr const char* kFont = "font-family=\"'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif\"";

std::string header(int width, int height, const std::string& title) {
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" {2} "
      "font-size=\"12\">\n"
      "<title>{3}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
      "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{3}</text>\n",
      width, height, kFont, xml_escape(title));
}

int label_columns(const std::vector<std::string>& labels) {
  std::size_t w = 10;
  for (const auto& l : labels) w = std::max(w, display_width(l));
  return static_cast<int>(std::min<std::size_t>(w, 60));
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') break;
        out += c;
    }
  }
  return out;
}

std::string svg_bar_chart(const std::string& title, const std::vector<Bar>& bars, double max) {
  std::vector<std::string> labels;
  for (const auto& b : bars) labels.push_back(b.label);
  int left = 10 + label_columns(labels) * kCharWidth + 10;
  int width = left + kBarWidth + 120;
  int height = 40 + static_cast<int>(bars.size()) * kRow + 10;
  std::string out = header(width, height, title);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    int y = 40 + static_cast<int>(i) * kRow;
    double share = b.value && max > 0 ? std::clamp(*b.value / max, 0.0, 1.0) : 0.0;
    int w = static_cast<int>(share * kBarWidth + 0.5);
    out += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", y + 16, xml_escape(b.label));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"#eeeeee\"/>\n", left, y + 3, kBarWidth);
    if (b.value) out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"#2b7bb9\"/>\n", left, y + 3, w);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", left + kBarWidth + 8, y + 16, xml_escape(b.text));
  }
  return out + "</svg>\n";
}

std::string svg_time_chart(const std::string& title, const std::vector<TimeUse>& rows) {
  std::vector<std::string> labels;
  double max = 1;
  for (const auto& r : rows) {
    labels.push_back(r.label);
    max = std::max({max, r.used, r.limit.value_or(0)});
  }
  int left = 10 + label_columns(labels) * kCharWidth + 10;
  int width = left + kBarWidth + 220;
  int height = 40 + static_cast<int>(rows.size()) * kRow + 30;
  std::string out = header(width, height, title);
  auto px = [&](double v) { return static_cast<int>(v / max * kBarWidth + 0.5); };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const TimeUse& r = rows[i];
    int y = 40 + static_cast<int>(i) * kRow;
    out += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", y + 16, xml_escape(r.label));
    if (r.limit)
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"#eeeeee\"/>\n", left, y + 3, px(*r.limit));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\"/>\n", left, y + 3, px(r.used),
                       r.overdue ? "#c0392b" : "#2b7bb9");
    if (r.limit)
      out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333333\" stroke-width=\"2\"/>\n",
                         left + px(*r.limit), y + 1, y + 23);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", left + kBarWidth + 8, y + 16, xml_escape(r.text));
  }
  int y = 40 + static_cast<int>(rows.size()) * kRow + 16;
  out += fmt::format("<text x=\"10\" y=\"{}\" fill=\"#555555\">bar: time used; grey and line: the limit; red: overdue</text>\n", y);
  return out + "</svg>\n";
}

}  // namespace sunlit
