#include "engine/diagnostic.h"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace sunlit {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::error(const std::string& file, Pos pos, std::string code, std::string message) {
  add({file, pos, Severity::error, std::move(code), std::move(message)});
}

void Diagnostics::warning(const std::string& file, Pos pos, std::string code, std::string message) {
  add({file, pos, Severity::warning, std::move(code), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
  for (const auto& [f, t] : other.sources_) sources_.emplace(f, t);
}

void Diagnostics::add_source(const std::string& file, std::string text) {
  sources_[file] = std::move(text);
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.pos != b.pos) return a.pos < b.pos;
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  });
}

int Diagnostics::error_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

int Diagnostics::warning_count() const {
  return static_cast<int>(std::count_if(items_.begin(), items_.end(),
                                        [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

namespace {

// Decodes one UTF-8 code point at s[i], advancing i; invalid bytes count as one cell.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + static_cast<size_t>(len) > s.size()) len = 1;
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
  i += static_cast<size_t>(len);
  return cp;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string_view line_of(const std::string& text, int line) {
  size_t start = 0;
  for (int l = 1; l < line; ++l) {
    start = text.find('\n', start);
    if (start == std::string::npos) return {};
    ++start;
  }
  size_t end = text.find('\n', start);
  std::string_view v(text);
  v = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

}  // namespace

int display_width(std::string_view utf8) {
  int w = 0;
  for (size_t i = 0; i < utf8.size();) w += is_wide(next_code_point(utf8, i)) ? 2 : 1;
  return w;
}

std::string Diagnostics::render(const Diagnostic& d) const {
  std::string out = d.file;
  if (d.pos.known()) out += fmt::format(":{}:{}", d.pos.line, d.pos.col);
  out += fmt::format(": {}: {}\n", to_string(d.severity), d.message);
  auto src = sources_.find(d.file);
  if (!d.pos.known() || src == sources_.end()) return out;
  std::string_view line = line_of(src->second, d.pos.line);
  if (line.empty() && d.pos.col > 1) return out;
  out += fmt::format("{}\n", line);
  size_t prefix = std::min(line.size(), static_cast<size_t>(std::max(d.pos.col - 1, 0)));
  std::string caret;
  for (size_t i = 0; i < prefix;) {
    if (line[i] == '\t') {
      caret += '\t';
      ++i;
      continue;
    }
    caret.append(is_wide(next_code_point(line, i)) ? 2 : 1, ' ');
  }
  out += caret + "^\n";
  return out;
}

std::string Diagnostics::render() const {
  std::string out;
  for (const auto& d : items_) out += render(d);
  return out;
}

std::string Diagnostics::to_json() const {
  auto arr = nlohmann::json::array();
  for (const auto& d : items_) {
    arr.push_back({{"file", d.file}, {"line", d.pos.line}, {"col", d.pos.col},
                   {"severity", to_string(d.severity)}, {"code", d.code}, {"message", d.message}});
  }
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sunlit
