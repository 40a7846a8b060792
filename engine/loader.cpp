// The loader's entry point: size and encoding checks, the YAML parse, the
// document kind, and the table of keys the language accepts.
#include <fmt/format.h>

#include <algorithm>
#include <exception>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>

#include <sstream>

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

// Refuses text yaml-cpp would misread: too large, invalid UTF-8, control characters.
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
    i += n;
  }
  return true;
}

// Notes where each document starts, ignoring its content (a first pass over the events).
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// "invalid YAML: unexpected ','" where yaml-cpp's parser stops making progress.
std::string stuck_message(std::string_view text, const YAML::Mark& mark) {
  auto i = static_cast<size_t>(mark.pos);
  bool shown = mark.pos >= 0 && i < text.size() && text[i] > ' ' && text[i] < 0x7F;
  return shown ? fmt::format("invalid YAML: unexpected '{}'", text[i]) : "invalid YAML: unexpected character";
}

// Counts the documents (up to 3). yaml-cpp 0.7 loops forever on some input (a ',' outside
// any list): a document starting where the previous one did is reported, not parsed again.
bool count_documents(const std::string& text, loader::Reader& r, std::vector<YAML::Mark>& starts) {
  std::stringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts handler;
  for (int i = 0; i < 3 && parser.HandleNextDocument(handler); ++i) {
    size_t n = handler.starts.size();
    if (n >= 2 && handler.starts[n - 1].pos == handler.starts[n - 2].pos) {
      r.error(r.pos(handler.starts[n - 1]), "yaml-syntax", stuck_message(text, handler.starts[n - 1]));
      return false;
    }
  }
  starts = handler.starts;
  return true;
}

// Parses the first YAML document; reports syntax errors (nullopt then) and a second document.
std::optional<YAML::Node> parse_yaml(std::string_view text, loader::Reader& r) {
  try {
    std::string copy(text);
    std::vector<YAML::Mark> starts;
    if (!count_documents(copy, r, starts)) return std::nullopt;
    if (starts.size() > 1)
      r.error(r.pos(starts[1]), "multiple-documents", "a file holds one YAML document; this is a second one");
    return YAML::Load(copy);
  } catch (const YAML::DeepRecursion& e) {
    r.error(r.pos(e.mark), "too-deep", "the document is nested too deeply");
  } catch (const YAML::Exception& e) {
    r.error(r.pos(e.mark), "yaml-syntax", "invalid YAML: " + e.msg);
  }
  return std::nullopt;
}

// True when the top-level mapping has a `departments` key.
bool is_organisation(loader::Reader& r, const YAML::Node& root) {
  for (auto it = root.begin(); it != root.end(); ++it) {
    r.visit(it->first);
    if (it->first.IsScalar() && it->first.Scalar() == "departments") return true;
  }
  return false;
}

// Checks the document is a mapping and reads it as a process or an organisation.
Document read_document(loader::Reader& r, const YAML::Node& root) {
  if (root.IsNull() || !root.IsDefined()) {
    r.error({1, 1}, "empty-document", "the file is empty; expected a process or an organisation");
    return {};
  }
  r.visit(root);
  if (!loader::expect_map(r, root, r.pos(root), "the document")) return {};
  Document doc;
  if (is_organisation(r, root))
    doc.organisation = loader::read_organisation(r, root);
  else
    doc.process = loader::read_process(r, root);
  return doc;
}

}  // namespace

Document load_document(std::string_view text, const std::string& file, Diagnostics& diags) {
  diags.add_source(file, std::string(text.substr(0, kMaxBytes)));
  if (!check_bytes(text, file, diags)) return {};
  try {
    loader::Reader r(text, file, diags);
    auto root = parse_yaml(text, r);
    if (!root) return {};
    return read_document(r, *root);
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
      {"field", {"name", "type", "values", "item", "label"}},
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
