// The Reader (positions, budget, error cap) and the typed reads of single nodes.
#include <fmt/format.h>

#include <algorithm>

#include "engine/loader_internal.h"

namespace sunlit::loader {

Reader::Reader(std::string_view text, const std::string& file, Diagnostics& diags)
    : text_(text), file_(file), diags_(diags), budget_(4 * static_cast<long long>(text.size()) + 4096) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

void Reader::error(Pos pos, const char* code, std::string message) {
  if (++errors_ > kMaxErrors) {
    diags_.error(file_, pos, "too-many-errors", fmt::format("too many errors; stopped after {}", kMaxErrors));
    throw Abort{};
  }
  diags_.error(file_, pos, code, std::move(message));
}

void Reader::visit(const Node& node) {
  budget_ -= 1 + static_cast<long long>(node.text().size());
  if (budget_ >= 0) return;
  diags_.error(file_, {}, "too-large", "document is too large or too deeply aliased");
  throw Abort{};
}

Pos Reader::pos_of(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<size_t>(it - line_starts_.begin());
  return {static_cast<int>(line), static_cast<int>(offset - line_starts_[line - 1]) + 1};
}

Pos Reader::text_start(const Node& node) const {
  Pos p = pos(node);
  size_t i = node.offset();
  if (i >= text_.size()) return p;
  while (at(i) == '!' || at(i) == '&') {  // a tag or an anchor before the text
    while (i < text_.size() && at(i) != ' ' && at(i) != '\n') ++i;
    while (at(i) == ' ') ++i;
  }
  if (at(i) == '"' || at(i) == '\'') return pos_of(i + 1);
  if (at(i) != '|' && at(i) != '>') return pos_of(i);
  for (;;) {  // block scalar: the first non-blank character of the following lines
    while (i < text_.size() && at(i) != '\n') ++i;
    if (i >= text_.size()) return p;
    ++i;
    while (at(i) == ' ' || at(i) == '\t') ++i;
    if (i < text_.size() && at(i) != '\n' && at(i) != '\r') return pos_of(i);
  }
}

std::string quote(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return "'" + std::string(s) + "'";
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return "'" + std::string(s.substr(0, cut)) + "...'";
}

bool is_text(const Node& n) { return n.is_scalar() && (n.tag() == "!" || (n.tag().empty() && !n.plain())); }

std::string found(const Node& node, bool typed) {
  switch (node.kind()) {
    case yaml::Kind::mapping: return "a mapping";
    case yaml::Kind::sequence: return "a list";
    case yaml::Kind::scalar: return (typed && is_text(node) ? "text " : "") + quote(node.text());
    case yaml::Kind::null: break;
  }
  return "nothing";
}

std::string one_of(const std::vector<std::string>& allowed) {
  std::string out;
  for (size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += allowed[i];
  }
  return out;
}

bool is_id(std::string_view s) {
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

void check_id(Reader& r, Pos pos, const std::string& id) {
  if (id.empty() || is_id(id)) return;
  r.error(pos, "bad-id",
          fmt::format("invalid id {}: use lower_snake_case (a lowercase letter, then lowercase letters, digits or _)",
                      quote(id)));
}

// "expected X for WHAT, found Y".
void wrong_type(Reader& r, Pos at, const char* expected, const std::string& what, const Node& n, bool typed) {
  r.error(at, "wrong-type", fmt::format("expected {} for {}, found {}", expected, what, found(n, typed)));
}

bool expect_map(Reader& r, const Node& n, Pos at, const std::string& what) {
  if (n.is_mapping()) return true;
  wrong_type(r, at, "a mapping", what, n, false);
  return false;
}

std::optional<std::string> scalar_text(Reader& r, const Node& n, Pos at, const std::string& what) {
  if (n.is_scalar()) return std::string(n.text());
  wrong_type(r, at, "text", what, n, false);
  return std::nullopt;
}

}  // namespace sunlit::loader
