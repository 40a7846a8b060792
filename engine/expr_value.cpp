// Values of the condition language: canonical text, command-line parsing,
// and the date, money and text helpers the rest of the language shares.
#include <charconv>
#include <cmath>
#include <string>

#include "engine/expr_detail.h"

namespace sunlit::expr {
namespace detail {
namespace {

std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::int64_t days_in_month(std::int64_t y, std::int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

std::int64_t digits_value(std::string_view s) {  // s: at most 4 digits
  std::int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

const std::int64_t kFirstDay = days_from_civil(1, 1, 1);
const std::int64_t kLastDay = days_from_civil(9999, 12, 31);

const char* plural(FieldType t) {
  switch (t) {
    case FieldType::text: return "text";
    case FieldType::number: return "numbers";
    case FieldType::money: return "money";
    case FieldType::boolean: return "true/false values";
    case FieldType::date: return "dates";
    case FieldType::enumeration: return "enums";
    case FieldType::list: return "lists";
  }
  return "values";
}

}  // namespace

std::string describe(FieldType type, std::optional<FieldType> item) {
  switch (type) {
    case FieldType::text: return "text";
    case FieldType::number: return "a number";
    case FieldType::money: return "money";
    case FieldType::boolean: return "true/false";
    case FieldType::date: return "a date";
    case FieldType::enumeration: return "an enum";
    case FieldType::list: return item ? std::string("a list of ") + plural(*item) : "an empty list";
  }
  return "a value";
}

size_t utf8_sequence(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (c >= 0xF5) n = 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  unsigned char d = byte(i + 1);
  if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) || (c == 0xF0 && d < 0x90) ||
      (c == 0xF4 && d > 0x8F))
    return 0;  // overlong, surrogate or beyond U+10FFFF
  return n;
}

std::string shorten(std::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

std::optional<std::int64_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto ys = s.substr(0, 4), ms = s.substr(5, 2), ds = s.substr(8, 2);
  if (!all_digits(ys) || !all_digits(ms) || !all_digits(ds)) return std::nullopt;
  std::int64_t y = digits_value(ys), m = digits_value(ms), d = digits_value(ds);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::string format_date(std::int64_t z) {
  if (z < kFirstDay || z > kLastDay) return "day " + std::to_string(z);
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[16];
  auto put = [&](char* at, std::int64_t v, int width) {
    for (int k = width - 1; k >= 0; --k, v /= 10) at[k] = static_cast<char>('0' + v % 10);
  };
  put(buf, y, 4);
  buf[4] = '-';
  put(buf + 5, m, 2);
  buf[7] = '-';
  put(buf + 8, d, 2);
  return std::string(buf, 10);
}

std::optional<std::int64_t> to_fen(long double yuan) {
  if (!std::isfinite(yuan)) return std::nullopt;
  long double fen = yuan * 100.0L;
  if (std::fabs(fen) >= 9.2e18L) return std::nullopt;
  return static_cast<std::int64_t>(std::llroundl(fen));
}

bool is_decimal(std::string_view s) {
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s);
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1));
}

}  // namespace detail

namespace {

using detail::shorten;

std::string quoted(std::string_view text) { return "'" + shorten(text) + "'"; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<Value> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

std::optional<Value> parse_number(std::string_view s, std::string* error) {
  std::string_view digits = !s.empty() && s[0] == '-' ? s.substr(1) : s;
  if (!detail::is_decimal(digits)) return fail(error, quoted(s) + " is not a number");
  Value v;
  v.type = FieldType::number;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v.number);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v.number))
    return fail(error, quoted(s) + " is too large a number");
  return v;
}

std::optional<Value> parse_money(std::string_view s, std::string* error) {
  const std::string bad = quoted(s) + " is not an amount of money (yuan, at most 2 decimals)";
  bool negative = !s.empty() && s[0] == '-';
  std::string_view body = negative ? s.substr(1) : s;
  size_t dot = body.find('.');
  std::string_view whole = body.substr(0, dot);
  std::string_view cents = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  if (!detail::is_decimal(body) || cents.size() > 2 || (dot != std::string_view::npos && cents.empty()))
    return fail(error, bad);
  std::int64_t fen = 0;
  std::string all = std::string(whole) + std::string(cents) + std::string(2 - cents.size(), '0');
  for (char c : all) {
    if (__builtin_mul_overflow(fen, std::int64_t{10}, &fen) ||
        __builtin_add_overflow(fen, std::int64_t{c - '0'}, &fen))
      return fail(error, quoted(s) + " is too large an amount of money");
  }
  Value v;
  v.type = FieldType::money;
  v.fen = negative ? -fen : fen;
  return v;
}

std::optional<Value> parse_scalar(std::string_view text, FieldType type,
                                  const std::vector<std::string>& values, std::string* error) {
  Value v;
  v.type = type;
  std::string_view s = type == FieldType::text ? text : trim(text);
  switch (type) {
    case FieldType::text: v.text = std::string(s); return v;
    case FieldType::number: return parse_number(s, error);
    case FieldType::money: return parse_money(s, error);
    case FieldType::boolean:
      if (s != "true" && s != "false") return fail(error, quoted(s) + " is not true or false");
      v.boolean = s == "true";
      return v;
    case FieldType::date: {
      auto day = detail::parse_date(s);
      if (!day) return fail(error, quoted(s) + " is not a date (YYYY-MM-DD)");
      v.day = *day;
      return v;
    }
    case FieldType::enumeration: {
      v.text = std::string(s);
      for (const auto& allowed : values)
        if (allowed == s) return v;
      std::string list;
      for (const auto& allowed : values) list += (list.empty() ? "" : ", ") + allowed;
      return fail(error, quoted(s) + " is not one of: " + list);
    }
    case FieldType::list: return fail(error, "a list cannot hold lists");
  }
  return fail(error, "unknown type");
}

}  // namespace

std::string Value::to_string() const {
  switch (type) {
    case FieldType::text:
    case FieldType::enumeration: return text;
    case FieldType::boolean: return boolean ? "true" : "false";
    case FieldType::date: return detail::format_date(day);
    case FieldType::number: {
      if (number == 0) return "0";  // also -0
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, number);
      return ec == std::errc() ? std::string(buf, end) : "?";
    }
    case FieldType::money: {
      std::uint64_t mag = fen < 0 ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
      std::string cents = std::to_string(mag % 100);
      return (fen < 0 ? "-" : "") + std::to_string(mag / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
    }
    case FieldType::list: {
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i].to_string();
      return out + "]";
    }
  }
  return "?";
}

std::optional<Value> parse_value(std::string_view text, const Field& field, std::string* error) {
  if (field.type != FieldType::list) return parse_scalar(text, field.type, field.values, error);
  FieldType item = field.item.value_or(FieldType::text);
  Value v;
  v.type = FieldType::list;
  if (trim(text).empty()) return v;
  size_t begin = 0;
  while (true) {
    size_t comma = text.find(',', begin);
    std::string_view part = text.substr(begin, comma == std::string_view::npos ? text.npos : comma - begin);
    auto one = parse_scalar(item == FieldType::text ? trim(part) : part, item, field.values, error);
    if (!one) return std::nullopt;
    v.items.push_back(std::move(*one));
    if (comma == std::string_view::npos) return v;
    begin = comma + 1;
  }
}

}  // namespace sunlit::expr
