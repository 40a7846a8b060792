#include "engine/mask.h"

#include <array>
#include <cctype>
#include <string_view>
#include <vector>

namespace sunlit {

namespace {

// Common two-character (compound) surnames (复姓).
constexpr std::array<std::string_view, 12> kCompound = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫",
                                                        "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯"};

// Splits UTF-8 text into code points (a malformed byte is a code point of its own).
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(const std::string& cp) { return cp == " " || cp == "\t" || cp == "\n" || cp == "\u3000"; }

}  // namespace

std::string mask_numbers(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      out += text[i++];
      continue;
    }
    size_t j = i;
    while (j < text.size() && is_digit(text[j])) ++j;
    if (j < text.size() && (text[j] == 'X' || text[j] == 'x') && j - i == 17) ++j;  // ID number check digit
    size_t n = j - i;
    if (n == 11 && text[i] == '1')
      out += text.substr(i, 3) + "****" + text.substr(i + 7, 4);
    else if (n >= 6)
      out += std::string(n, '*');
    else
      out += text.substr(i, n);
    i = j;
  }
  return out;
}

std::string mask_person(const std::string& name) {
  auto cps = code_points(name);
  size_t start = 0;
  while (start < cps.size() && is_space(cps[start])) ++start;
  size_t keep = start + 1;
  if (cps.size() >= start + 3) {
    std::string two = cps[start] + cps[start + 1];
    for (auto c : kCompound)
      if (two == c) keep = start + 2;
  }
  if (start < cps.size() && cps[start].size() == 1 && std::isalpha(static_cast<unsigned char>(cps[start][0]))) {
    keep = start;  // a name in Latin letters ("Zhang San"): the first word is kept
    while (keep < cps.size() && !is_space(cps[keep])) ++keep;
    if (keep == cps.size()) keep = start + 1;  // one word only: its first letter
  }
  std::string out;
  for (size_t i = 0; i < cps.size(); ++i) {
    if (i < keep && !is_digit(cps[i][0])) out += cps[i];
    else out += is_space(cps[i]) ? cps[i] : "*";
  }
  return out;
}

std::string mask_party(const std::string& name, bool organisation) {
  return organisation ? mask_numbers(name) : mask_person(name);
}

}  // namespace sunlit
