// MapReader: one mapping's keys checked against language_keys(), its values read by type.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/loader_internal.h"
#include "engine/suggest.h"

namespace sunlit::loader {

namespace {

// Longest key or value we compute "did you mean" for (edit distance is quadratic).
constexpr size_t kMaxSuggest = 64;

// "; did you mean 'x'?" for a close candidate (a swap of neighbours counts as one edit), else "".
std::string suggestion(const std::string& name, const std::vector<std::string>& candidates) {
  if (name.size() > kMaxSuggest) return {};
  return did_you_mean(name, candidates);
}

// A scalar that is not text (see is_text): the only kind that can be a number or true/false.
bool plain(const Node& n) { return n.is_scalar() && !is_text(n); }

// Parses the whole of `s` as T with std::from_chars (a leading '+' allowed).
template <class T> std::optional<T> parse_number(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

bool check_value(Reader& r, const std::string& value, Pos at, const std::string& what,
                 const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return true;
  std::string hint = suggestion(value, allowed);
  if (hint.empty()) hint = "; expected " + one_of(allowed);
  r.error(at, "bad-value", fmt::format("unknown value {} for {}{}", quote(value), what, hint));
  return false;
}

MapReader::MapReader(Reader& r, const Node& node, std::string context)
    : r_(r), context_(std::move(context)), pos_(r.pos(node)) {
  r_.visit(node);
  const auto& known = language_keys().at(context_);
  for (size_t i = 0; i < node.size(); ++i) add_entry(node.key(i), node.value(i), known);
}

void MapReader::add_entry(const Node& key, const Node& value, const std::vector<std::string>& known) {
  r_.visit(key);
  Pos at = r_.pos(key);
  if (!key.is_scalar()) return wrong_type(r_, at, "text", "a key in " + context_, key, false);
  std::string name(key.text());
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    r_.error(at, "unknown-key", fmt::format("unknown key {} in {}{}", quote(name), context_, suggestion(name, known)));
    return;
  }
  if (entries_.count(name)) {
    r_.error(at, "duplicate-key", fmt::format("duplicate key {} in {}", quote(name), context_));
    return;
  }
  entries_.emplace(name, Entry{name, at, &value});
}

const Entry* MapReader::find(const char* key) const {
  auto it = entries_.find(std::string_view(key));
  return it == entries_.end() ? nullptr : &it->second;
}

Pos MapReader::key_pos(const char* key) const {
  const Entry* e = find(key);
  return e ? e->key_pos : pos_;
}

Pos MapReader::value_pos(const Entry& e) const {
  return e.value->is_null() ? e.key_pos : r_.pos(*e.value);
}

std::string MapReader::where(const char* key) const { return fmt::format("'{}' in {}", key, context_); }

std::string MapReader::item_of(const char* key) const { return fmt::format("an item of '{}' in {}", key, context_); }

void MapReader::require(std::initializer_list<const char*> keys) const {
  for (const char* key : keys)
    if (!has(key)) r_.error(pos_, "missing-key", fmt::format("missing required key '{}' in {}", key, context_));
}

std::string MapReader::text(const char* key) const {
  const Entry* e = find(key);
  if (!e) return {};
  r_.visit(*e->value);
  if (e->value->is_scalar()) return std::string(e->value->text());  // the common case: no message text built
  return scalar_text(r_, *e->value, value_pos(*e), where(key)).value_or("");
}

std::string MapReader::id(const char* key) const {
  std::string s = text(key);
  if (const Entry* e = find(key)) check_id(r_, value_pos(*e), s);
  return s;
}

Ref MapReader::ref(const char* key) const {
  const Entry* e = find(key);
  if (!e) return {};
  return {text(key), value_pos(*e)};
}

std::optional<double> MapReader::number(const char* key) const {
  const Entry* e = find(key);
  if (!e) return std::nullopt;
  r_.visit(*e->value);
  auto v = plain(*e->value) ? parse_number<double>(e->value->text()) : std::nullopt;
  if (v && std::isfinite(*v)) return v;
  wrong_type(r_, value_pos(*e), "a number", where(key), *e->value, true);
  return std::nullopt;
}

std::optional<long long> MapReader::whole(const char* key) const {
  const Entry* e = find(key);
  if (!e) return std::nullopt;
  r_.visit(*e->value);
  auto v = plain(*e->value) ? parse_number<long long>(e->value->text()) : std::nullopt;
  if (!v) wrong_type(r_, value_pos(*e), "a whole number", where(key), *e->value, true);
  return v;
}

bool MapReader::flag(const char* key, bool fallback) const {
  const Entry* e = find(key);
  if (!e) return fallback;
  r_.visit(*e->value);
  if (plain(*e->value)) {
    std::string_view s = e->value->text();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  wrong_type(r_, value_pos(*e), "true or false", where(key), *e->value, true);
  return fallback;
}

std::span<const Node* const> MapReader::list(const char* key) const {
  const Entry* e = find(key);
  if (!e) return {};
  r_.visit(*e->value);
  if (!e->value->is_sequence()) {
    wrong_type(r_, value_pos(*e), "a list", where(key), *e->value, false);
    return {};
  }
  return e->value->items();
}

std::vector<Ref> MapReader::refs(const char* key) const {
  std::vector<Ref> out;
  for (const Node* item : list(key)) {
    r_.visit(*item);
    Pos at = r_.pos(*item);
    if (item->is_scalar()) out.push_back({std::string(item->text()), at});
    else if (auto s = scalar_text(r_, *item, at, item_of(key))) out.push_back({*s, at});
  }
  return out;
}

std::vector<std::string> MapReader::texts(const char* key) const {
  std::vector<std::string> out;
  for (const auto& r : refs(key)) out.push_back(r.name);
  return out;
}

std::string MapReader::choice(const char* key, const std::vector<std::string>& allowed) const {
  const Entry* e = find(key);
  if (!e) return {};
  r_.visit(*e->value);
  if (e->value->is_scalar()) {  // the common case: a known spelling, no message text built
    std::string s(e->value->text());
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
  }
  auto s = scalar_text(r_, *e->value, value_pos(*e), where(key));
  if (!s || !check_value(r_, *s, value_pos(*e), where(key), allowed)) return {};
  return *s;
}

const Node* MapReader::mapping(const char* key) const {
  const Entry* e = find(key);
  if (!e) return nullptr;
  if (!e->value->is_mapping() && !expect_map(r_, *e->value, value_pos(*e), where(key))) return nullptr;
  return e->value;
}

}  // namespace sunlit::loader
