// Loader internals shared by engine/loader*.cpp (the only files that parse YAML, with libyaml
// through the tree in engine/loader_yaml.h).
//
// A Reader walks one parsed YAML document under a work budget and an error
// cap; a MapReader checks one mapping's keys against language_keys() and
// reads typed values from it, reporting every shape problem at its place.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/loader.h"
#include "engine/loader_yaml.h"

namespace sunlit::loader {

using yaml::Node;

// Thrown inside the loader to stop a walk (budget spent, too many errors); never escapes it.
struct Abort {};

// Most errors one file reports before the loader gives up.
inline constexpr int kMaxErrors = 100;

// Walk state for one document: file, source text, findings, work budget.
class Reader {
 public:
  Reader(std::string_view text, const std::string& file, Diagnostics& diags);

  // Reports an error; throws Abort once kMaxErrors is passed.
  void error(Pos pos, const char* code, std::string message);
  // Charges the work budget for looking at `node`; throws Abort when spent.
  void visit(const Node& node);
  // Our 1-based position (line, byte column) of byte `offset` of the text.
  Pos pos_of(size_t offset) const;
  Pos pos(const Node& node) const { return pos_of(node.offset()); }
  // The first byte of a scalar's text: after a quote, or on the line after `|`/`>`.
  Pos text_start(const Node& node) const;

  const std::string& file() const { return file_; }

 private:
  std::string_view text_;
  std::string file_;
  Diagnostics& diags_;
  std::vector<size_t> line_starts_;
  long long budget_;
  int errors_ = 0;

  char at(size_t offset) const { return offset < text_.size() ? text_[offset] : '\0'; }
};

// One key: its text, position and value.
struct Entry {
  std::string key;
  Pos key_pos;
  const Node* value;
};

// One mapping of a known context ("step", "period", ...): keys checked, values read by type.
class MapReader {
 public:
  MapReader(Reader& r, const Node& node, std::string context);

  Pos pos() const { return pos_; }
  const std::string& context() const { return context_; }
  bool has(const char* key) const { return find(key) != nullptr; }
  const Entry* find(const char* key) const;
  Pos key_pos(const char* key) const;
  Reader& reader() const { return r_; }

  // Reports each listed key that is absent.
  void require(std::initializer_list<const char*> keys) const;

  std::string text(const char* key) const;
  std::string id(const char* key) const;  // text that must be lower_snake_case
  Ref ref(const char* key) const;
  std::optional<double> number(const char* key) const;
  std::optional<long long> whole(const char* key) const;
  bool flag(const char* key, bool fallback) const;
  std::vector<std::string> texts(const char* key) const;
  std::vector<Ref> refs(const char* key) const;
  // Text that must be one of `allowed` (empty when absent or wrong).
  std::string choice(const char* key, const std::vector<std::string>& allowed) const;
  // The value when it is a mapping (reported otherwise; null then).
  const Node* mapping(const char* key) const;
  // The items when the value is a list (reported otherwise; empty then).
  std::span<const Node* const> list(const char* key) const;

  // An enumeration value by its YAML spelling; `fallback` when absent or unknown.
  template <class E> E enumeration(const char* key, E fallback, Pos* where = nullptr) const {
    std::string s = choice(key, spellings<E>());
    if (where && has(key)) *where = value_pos(*find(key));
    E out = fallback;
    if (!s.empty()) parse_enum<E>(s, out);
    return out;
  }

  // Where a value is: its own mark, or its key's when it is empty.
  Pos value_pos(const Entry& e) const;
  // "'key' in context" and "an item of 'key' in context", used by messages.
  std::string where(const char* key) const;
  std::string item_of(const char* key) const;

 private:
  Reader& r_;
  std::string context_;
  Pos pos_;
  std::map<std::string, Entry, std::less<>> entries_;

  void add_entry(const Node& key, const Node& value, const std::vector<std::string>& known);
};

// Messages shared by the readers.
std::string quote(std::string_view s);                         // 'text', shortened when long
std::string found(const Node& node, bool typed);                // "a list", "nothing", "'x'" ...
std::string one_of(const std::vector<std::string>& allowed);   // "a, b or c"
bool is_id(std::string_view s);
void check_id(Reader& r, Pos pos, const std::string& id);

// Typed reads of a lone node (a list item or a value); report with `what`.
void wrong_type(Reader& r, Pos at, const char* expected, const std::string& what, const Node& n, bool typed);
// Reports `value` when it is not one of `allowed` ("unknown value ..."); true when allowed.
bool check_value(Reader& r, const std::string& value, Pos at, const std::string& what,
                 const std::vector<std::string>& allowed);
bool expect_map(Reader& r, const Node& n, Pos at, const std::string& what);
std::optional<std::string> scalar_text(Reader& r, const Node& n, Pos at, const std::string& what);
// True for a scalar that is quoted, a `|`/`>` block or tagged `!`: text, never a number or
// true/false (found() calls it "text '5'"). Another explicit tag (`!!str 5`) does not make text.
bool is_text(const Node& n);

// Calls f(MapReader) for each item of the list `key` that is a mapping of `context`.
template <class F> void each_map(const MapReader& m, const char* key, const char* context, F f) {
  Reader& r = m.reader();
  for (const Node* item : m.list(key)) {
    Pos at = r.pos(*item);
    if (item->is_mapping() || expect_map(r, *item, at, m.item_of(key))) f(MapReader(r, *item, context));
  }
}

// Where an item with an id is: its `id` key, else the mapping.
inline Pos id_pos(const MapReader& m) { return m.has("id") ? m.key_pos("id") : m.pos(); }

// Readers of the two kinds of document and their parts.
Process read_process(Reader& r, const Node& root);
Organisation read_organisation(Reader& r, const Node& root);
Period read_period(const MapReader& m);
std::optional<Period> period_at(const MapReader& m, const char* key);
std::optional<Disclosure> disclosure_at(const MapReader& m, const char* key);
std::vector<Step> read_steps(const MapReader& process);

}  // namespace sunlit::loader
