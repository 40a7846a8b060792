// Calendar data files (holiday-cn JSON, and local overrides): parsing and validation.
//
// The text is parsed with nlohmann-json's SAX interface (no exception is thrown: errors come
// back with their byte offset), then checked field by field. Each error points at the value at
// fault: a small scanner walks the (already valid) JSON text to find its line and column.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "engine/calendar.h"

namespace sunlit {
namespace {

using nlohmann::json;

// Deeper nesting is hostile (a calendar file is three levels deep).
constexpr int kMaxDepth = 16;

// nlohmann's DOM builder without exceptions, recording where parsing stopped and why.
class Builder : public nlohmann::detail::json_sax_dom_parser<json> {
 public:
  explicit Builder(json& result) : json_sax_dom_parser(result, false) {}
  bool start_object(std::size_t n) { return enter() && json_sax_dom_parser::start_object(n); }
  bool end_object() { --depth_; return json_sax_dom_parser::end_object(); }
  bool start_array(std::size_t n) { return enter() && json_sax_dom_parser::start_array(n); }
  bool end_array() { --depth_; return json_sax_dom_parser::end_array(); }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string&, const Exception& ex) {
    offset_ = position;
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    const auto colon = what.find(": ", what.find("column "));
    message_ = colon == std::string::npos ? what : what.substr(colon + 2);
    // Drop "; last read: '<token>'": the token may be long or not even UTF-8.
    if (auto from = message_.find("; last read: '"); from != std::string::npos) {
      auto to = message_.rfind("'; expected");
      message_.erase(from, to != std::string::npos && to > from ? to + 1 - from : std::string::npos);
    }
    return false;
  }
  std::size_t offset() const { return offset_; }
  const std::string& message() const { return message_; }
  bool too_deep() const { return depth_ > kMaxDepth; }

 private:
  bool enter() { return ++depth_ <= kMaxDepth; }
  int depth_ = 0;
  std::size_t offset_ = 0;
  std::string message_;
};

// Line and byte column (1-based) of a byte offset.
Pos pos_at(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  Pos p{1, 1};
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') { ++p.line; p.col = 1; } else { ++p.col; }
  }
  return p;
}

// Walks valid JSON text to find where values are (nlohmann keeps no positions).
class Locator {
 public:
  explicit Locator(std::string_view text) : t_(text) {}
  // Offset of the top-level value.
  std::size_t root() {
    std::size_t i = t_.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // a UTF-8 byte order mark
    ws(i);
    return i;
  }
  // Offset of member `key`'s value in the object at `obj`, or npos.
  std::size_t member(std::size_t obj, std::string_view key) {
    if (obj >= t_.size() || t_[obj] != '{') return npos;
    std::size_t i = obj + 1;
    while (ws(i), i < t_.size() && t_[i] == '"') {
      const std::size_t k = i;
      skip_string(i);
      const bool hit = t_.substr(k + 1, i - k - 2) == key;
      ws(i); ++i; ws(i);  // ':'
      if (hit) return i;
      skip_value(i); ws(i);
      if (i < t_.size() && t_[i] == ',') ++i;
    }
    return npos;
  }
  // Offsets of the elements of the array at `arr`.
  std::vector<std::size_t> elements(std::size_t arr) {
    std::vector<std::size_t> out;
    if (arr >= t_.size() || t_[arr] != '[') return out;
    std::size_t i = arr + 1;
    while (ws(i), i < t_.size() && t_[i] != ']') {
      out.push_back(i);
      skip_value(i); ws(i);
      if (i < t_.size() && t_[i] == ',') ++i;
    }
    return out;
  }
  static constexpr std::size_t npos = std::string_view::npos;

 private:
  void ws(std::size_t& i) {
    while (i < t_.size() && (t_[i] == ' ' || t_[i] == '\t' || t_[i] == '\n' || t_[i] == '\r')) ++i;
  }
  void skip_string(std::size_t& i) {
    for (++i; i < t_.size() && t_[i] != '"'; ++i) {
      if (t_[i] == '\\') ++i;
    }
    ++i;
  }
  void skip_value(std::size_t& i) {
    if (i >= t_.size()) return;
    if (t_[i] == '"') return skip_string(i);
    if (t_[i] == '{' || t_[i] == '[') {
      for (int depth = 0; i < t_.size();) {
        const char c = t_[i];
        if (c == '"') { skip_string(i); continue; }
        ++i;
        if (c == '{' || c == '[') ++depth;
        if ((c == '}' || c == ']') && --depth == 0) return;
      }
      return;
    }
    while (i < t_.size() && t_[i] != ',' && t_[i] != '}' && t_[i] != ']' && t_[i] != ' ' &&
           t_[i] != '\t' && t_[i] != '\n' && t_[i] != '\r') {
      ++i;
    }
  }
  std::string_view t_;
};

// The parse of one file: the text, its JSON, and where errors go.
struct FileCheck {
  const std::string& source;
  std::string_view text;
  Diagnostics& diags;
  Locator loc{text};

  Pos at(std::size_t offset) { return offset == Locator::npos ? Pos{1, 1} : pos_at(text, offset); }
  void error(std::size_t offset, const char* code, std::string message) {
    diags.error(source, at(offset), code, std::move(message));
  }
};

// "day 3 (2025-10-01)" or "day 3": how messages name a listed day (1-based).
std::string day_label(std::size_t index, const json& day) {
  auto it = day.is_object() ? day.find("date") : day.end();
  if (it != day.end() && it->is_string()) return fmt::format("day {} ({})", index + 1, it->get<std::string>());
  return fmt::format("day {}", index + 1);
}

// Checks one listed day; appends it to `out` when valid.
void check_day(FileCheck& fc, const json& day, std::size_t index, std::size_t at, CalendarFile& out) {
  const std::string label = day_label(index, day);
  if (!day.is_object()) {
    fc.error(at, "calendar-day", fmt::format("{} must be an object with \"name\", \"date\" and \"isOffDay\"", label));
    return;
  }
  auto date = day.find("date");
  auto off = day.find("isOffDay");
  auto name = day.find("name");
  std::optional<Day> d;
  if (date == day.end() || !date->is_string()) {
    fc.error(date == day.end() ? at : fc.loc.member(at, "date"), "calendar-day",
             fmt::format("{} needs \"date\" as text YYYY-MM-DD", label));
  } else if (!(d = parse_day(date->get<std::string>()))) {
    fc.error(fc.loc.member(at, "date"), "calendar-day",
             fmt::format("day {}: \"{}\" is not a real date YYYY-MM-DD", index + 1, date->get<std::string>()));
  }
  if (off == day.end() || !off->is_boolean()) {
    fc.error(off == day.end() ? at : fc.loc.member(at, "isOffDay"), "calendar-day",
             fmt::format("{} needs \"isOffDay\": true (a holiday) or false (an adjusted working day)", label));
  }
  if (name == day.end() || !name->is_string()) {
    fc.error(name == day.end() ? at : fc.loc.member(at, "name"), "calendar-day",
             fmt::format("{} needs \"name\" as text (e.g. \"国庆节\")", label));
  }
  if (!d || off == day.end() || !off->is_boolean() || name == day.end() || !name->is_string()) return;
  if (out.year && (year_of(*d) < *out.year - 1 || year_of(*d) > *out.year + 1)) {
    fc.error(fc.loc.member(at, "date"), "calendar-day",
             fmt::format("{} is not in {} or a neighbouring year", label, *out.year));
    return;
  }
  for (std::size_t k = 0; k < out.days.size(); ++k) {
    if (out.days[k].day == *d) {
      fc.error(fc.loc.member(at, "date"), "calendar-day", fmt::format("{} is listed twice", label));
      return;
    }
  }
  out.days.push_back({*d, off->get<bool>(), name->get<std::string>(), out.local});
}

// Checks "local" and "year"; false if the file cannot be read further.
bool check_header(FileCheck& fc, const json& root, std::size_t at, CalendarFile& out) {
  auto local = root.find("local");
  auto year = root.find("year");
  if (local != root.end()) {
    if (!local->is_boolean()) {
      fc.error(fc.loc.member(at, "local"), "calendar-shape", "\"local\" must be true or false");
      return false;
    }
    out.local = local->get<bool>();
  }
  if (out.local) {
    if (year != root.end()) {
      fc.error(fc.loc.member(at, "year"), "calendar-year",
               "a local override (\"local\": true) covers no year: remove \"year\"");
      return false;
    }
    return true;
  }
  if (year == root.end()) {
    fc.error(at, "calendar-year",
             "a national calendar file needs \"year\" (an integer 1900-9999); "
             "a local override says \"local\": true instead");
    return false;
  }
  if (!year->is_number_integer() || year->get<std::int64_t>() < 1900 || year->get<std::int64_t>() > 9999) {
    fc.error(fc.loc.member(at, "year"), "calendar-year",
             fmt::format("\"year\" must be an integer from 1900 to 9999, not {}", year->dump()));
    return false;
  }
  out.year = year->get<int>();
  return true;
}

// Checks "papers" (optional: the notices' addresses).
bool check_papers(FileCheck& fc, const json& root, std::size_t at, CalendarFile& out) {
  auto papers = root.find("papers");
  if (papers == root.end()) return true;
  bool good = papers->is_array();
  if (good) {
    for (const json& p : *papers) good = good && p.is_string();
  }
  if (!good) {
    fc.error(fc.loc.member(at, "papers"), "calendar-shape",
             "\"papers\" must be a list of the notices' addresses (text)");
    return false;
  }
  for (const json& p : *papers) out.papers.push_back(p.get<std::string>());
  return true;
}

}  // namespace

std::optional<CalendarFile> parse_calendar_file(const std::string& source, std::string_view text,
                                                Diagnostics& diags) {
  FileCheck fc{source, text, diags};
  if (text.size() > kMaxCalendarFileBytes) {
    diags.error(source, {1, 1}, "calendar-too-large",
                fmt::format("calendar file is {} bytes; the limit is {} (1 MiB)", text.size(), kMaxCalendarFileBytes));
    return std::nullopt;
  }
  json root;
  Builder builder(root);
  const bool parsed = json::sax_parse(text.begin(), text.end(), &builder);
  if (!parsed || builder.too_deep()) {
    if (builder.too_deep()) {
      diags.error(source, {1, 1}, "calendar-json", fmt::format("JSON nested deeper than {} levels", kMaxDepth));
    } else {
      const std::size_t offset = builder.offset() > 0 ? builder.offset() - 1 : 0;
      diags.error(source, pos_at(text, offset), "calendar-json", "not valid JSON: " + builder.message());
    }
    return std::nullopt;
  }
  const std::size_t at = fc.loc.root();
  if (!root.is_object()) {
    fc.error(at, "calendar-shape", "a calendar file is a JSON object with \"year\", \"papers\" and \"days\"");
    return std::nullopt;
  }
  CalendarFile out;
  out.source = source;
  const std::size_t errors = diags.items().size();
  if (!check_header(fc, root, at, out) || !check_papers(fc, root, at, out)) return std::nullopt;
  auto days = root.find("days");
  if (days == root.end() || !days->is_array()) {
    fc.error(days == root.end() ? at : fc.loc.member(at, "days"), "calendar-shape",
             "\"days\" must be a list of days ({\"name\", \"date\", \"isOffDay\"})");
    return std::nullopt;
  }
  if (days->size() > kMaxCalendarDays) {
    fc.error(fc.loc.member(at, "days"), "calendar-shape",
             fmt::format("\"days\" lists {} days; a calendar file lists at most {}", days->size(), kMaxCalendarDays));
    return std::nullopt;
  }
  const std::vector<std::size_t> where = fc.loc.elements(fc.loc.member(at, "days"));
  for (std::size_t i = 0; i < days->size(); ++i) {
    check_day(fc, (*days)[i], i, i < where.size() ? where[i] : Locator::npos, out);
  }
  if (diags.items().size() != errors) return std::nullopt;
  return out;
}

}  // namespace sunlit
