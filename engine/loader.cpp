// The loader's entry point: size and encoding checks, the YAML parse, the
// document kind, and the table of keys the language accepts.
#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <new>

#include "engine/loader_internal.h"

namespace sunlit {

namespace {

// Largest file the loader reads.
constexpr size_t kMaxBytes = size_t{16} << 20;

// Length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not valid UTF-8.
size_t utf8_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  unsigned c = b(0);
  auto cont = [&](size_t k) { return (b(k) & 0xC0u) == 0x80u; };
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return b(1) >= lo && b(1) <= hi && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

// Position (1-based line, byte column) of byte `offset` in `text`.
Pos position_in(std::string_view text, size_t offset) {
  Pos p{1, 1};
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.col = 1;
    } else {
      ++p.col;
    }
  }
  return p;
}

// The code point of the valid n-byte sequence at s[i] when YAML refuses it (a C1 control
// other than U+0085, U+FFFE, U+FFFF), else 0.
unsigned refused_character(std::string_view s, size_t i, size_t n) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (n == 2 && b(0) == 0xC2 && b(1) < 0xA0 && b(1) != 0x85) return b(1);
  if (n == 3 && b(0) == 0xEF && b(1) == 0xBF && b(2) >= 0xBE) return 0xFFC0u | (b(2) & 0x3Fu);
  return 0;
}

// Refuses text the YAML parser would refuse or misread: too large, invalid UTF-8, control characters.
bool check_bytes(std::string_view text, const std::string& file, Diagnostics& diags) {
  if (text.size() > kMaxBytes) {
    diags.error(file, {}, "too-large", fmt::format("file is too large: {} bytes (the limit is 16 MiB)", text.size()));
    return false;
  }
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      diags.error(file, position_in(text, i), "bad-character",
                  fmt::format("control character 0x{:02x} is not allowed in a YAML file", c));
      return false;
    }
    size_t n = utf8_length(text, i);
    if (n == 0) {
      diags.error(file, position_in(text, i), "invalid-utf8",
                  fmt::format("invalid UTF-8: byte 0x{:02x}; save the file as UTF-8", c));
      return false;
    }
    if (unsigned u = refused_character(text, i, n)) {
      diags.error(file, position_in(text, i), "bad-character",
                  fmt::format("{}character U+{:04X} is not allowed in a YAML file", u < 0x100 ? "control " : "", u));
      return false;
    }
    i += n;
  }
  return true;
}

// Parses the first YAML document; reports a problem (null then) and a second document.
const loader::Node* parse_yaml(loader::yaml::Tree& tree, std::string_view text, loader::Reader& r) {
  if (!tree.parse(text)) {
    const auto& problem = *tree.problem();
    switch (problem.kind) {
      case loader::yaml::Problem::Kind::too_deep:
        r.error(r.pos_of(problem.offset), "too-deep", "the document is nested too deeply");
        break;
      case loader::yaml::Problem::Kind::syntax:
        r.error(r.pos_of(problem.offset), "yaml-syntax", problem.message);
        break;
      case loader::yaml::Problem::Kind::memory:
        throw std::bad_alloc();
    }
    return nullptr;
  }
  if (auto second = tree.second_document())
    r.error(r.pos_of(*second), "multiple-documents", "a file holds one YAML document; this is a second one");
  return tree.root();
}

// True when the top-level mapping has a `departments` key.
bool is_organisation(loader::Reader& r, const loader::Node& root) {
  for (size_t i = 0; i < root.size(); ++i) {
    r.visit(root.key(i));
    if (root.key(i).is_scalar() && root.key(i).text() == "departments") return true;
  }
  return false;
}

// Checks the document is a mapping and reads it as a process or an organisation.
Document read_document(loader::Reader& r, const loader::Node* root) {
  if (!root || root->is_null()) {
    r.error({1, 1}, "empty-document", "the file is empty; expected a process or an organisation");
    return {};
  }
  r.visit(*root);
  if (!loader::expect_map(r, *root, r.pos(*root), "the document")) return {};
  Document doc;
  if (is_organisation(r, *root))
    doc.organisation = loader::read_organisation(r, *root);
  else
    doc.process = loader::read_process(r, *root);
  return doc;
}

}  // namespace

Document load_document(std::string_view text, const std::string& file, Diagnostics& diags) {
  diags.add_source(file, std::string(text.substr(0, kMaxBytes)));
  if (!check_bytes(text, file, diags)) return {};
  try {
    loader::Reader r(text, file, diags);
    loader::yaml::Tree tree;
    const loader::Node* root = parse_yaml(tree, text, r);
    if (!root && tree.problem()) return {};
    return read_document(r, root);
  } catch (const loader::Abort&) {
  } catch (const std::exception&) {
    diags.error(file, {}, "too-large", "document is too large or too deeply aliased");
  } catch (...) {
    diags.error(file, {}, "too-large", "document is too large or too deeply aliased");
  }
  return {};
}

const std::map<std::string, std::vector<std::string>>& language_keys() {
  static const std::map<std::string, std::vector<std::string>> keys{
      {"process", {"sunlit", "organisation", "power", "fields", "limit", "steps", "outcomes", "withdrawal",
                   "supervision", "rights", "channels", "separation"}},
      {"power", {"code", "name", "category", "basis", "body", "office", "responsible", "initiation", "conditions",
                 "disclosure", "fee", "risk", "confidential", "confidential_basis", "confidential_reason"}},
      {"basis", {"title", "article", "text"}},
      {"disclosure", {"scope", "forms", "time", "within"}},
      {"fee", {"basis", "standard"}},
      {"field", {"name", "type", "values", "item", "label", "default"}},
      {"limit", {"amount", "unit", "article", "from", "until", "extension"}},
      {"extension", {"amount", "unit", "article", "approved_by"}},
      {"step", {"id", "name", "type", "start", "post", "description", "limit", "actions", "next", "timeout",
                "suspends", "restarts_clock", "disclosure", "branches", "otherwise", "parallel", "join", "window"}},
      {"action", {"id", "to", "label", "sets", "handoff"}},
      {"branch", {"when", "to", "label"}},
      {"timeout", {"to", "label"}},
      {"period", {"amount", "unit", "article"}},
      {"outcome", {"id", "name", "kind", "remedies", "disclosure"}},
      {"withdrawal", {"outcome", "from", "article"}},
      {"supervision", {"step", "body", "kind", "channel", "contact", "records"}},
      {"right", {"kind", "step", "window", "article", "description"}},
      {"channel", {"id", "kind", "body", "contact", "deadline"}},
      {"separation", {"rule", "steps", "article"}},
      {"organisation", {"organisation", "title", "departments", "officials"}},
      {"department", {"id", "name", "posts"}},
      {"post", {"id", "name"}},
      {"official", {"id", "name", "posts"}},
  };
  return keys;
}

}  // namespace sunlit
