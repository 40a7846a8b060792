#include "engine/report_table.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace sunlit {

namespace {

// The next code point of UTF-8 `s` at `i` (advancing i); invalid bytes count as one each.
char32_t next_code_point(const std::string& s, std::size_t& i) {
  auto b = static_cast<unsigned char>(s[i]);
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
  ++i;
  for (int k = 0; k < extra && i < s.size(); ++k, ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  return cp;
}

bool wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::string trim_right(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

}  // namespace

std::size_t display_width(const std::string& text) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size();) w += wide(next_code_point(text, i)) ? 2 : 1;
  return w;
}

std::string render_text(const Table& t) {
  std::vector<std::size_t> width(t.labels.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  };
  measure(t.labels);
  for (const auto& r : t.rows) measure(r);
  auto line = [&](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) {
      out += row[c];
      if (c + 1 < row.size()) out += std::string(width[c] - display_width(row[c]) + 2, ' ');
    }
    return trim_right(out) + "\n";
  };
  std::string out = line(t.labels);
  for (const auto& r : t.rows) out += line(r);
  return out;
}

std::string csv_cell(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string render_csv(const Table& t) {
  auto line = [](const std::vector<std::string>& row) {
    std::string out;
    for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_cell(row[c]);
    return out + "\r\n";
  };
  std::string out = line(t.labels);
  for (const auto& r : t.rows) out += line(r);
  return out;
}

nlohmann::json render_json(const Table& t) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& r : t.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t c = 0; c < r.size() && c < t.keys.size(); ++c) o[t.keys[c]] = r[c];
    a.push_back(std::move(o));
  }
  return a;
}

std::string percent_text(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "—";
  return fmt::format("{:.1f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string days_text(double days) {
  if (std::floor(days) == days) return fmt::format("{}", static_cast<std::int64_t>(days));
  return fmt::format("{:.1f}", days);
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

}  // namespace sunlit
