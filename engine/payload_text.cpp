#include "engine/payload_text.h"

#include <fmt/format.h>

#include "engine/expr_detail.h"

namespace sunlit {

namespace {

// Where the first invalid byte of `s` is, or nullopt.
std::optional<size_t> first_invalid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = expr::detail::utf8_sequence(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

// Walks `j`, naming a bad string by the nearest object key above it.
std::optional<std::string> check(const nlohmann::json& j, const std::string& key) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (auto at = first_invalid(s))
      return fmt::format("the text for '{}' is not valid UTF-8 (byte 0x{:02x} at position {}); type it again or save it as UTF-8",
                         key, static_cast<unsigned char>(s[*at]), *at + 1);
    return std::nullopt;
  }
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (first_invalid(k)) return std::string("a field name is not valid UTF-8; type it again or save it as UTF-8");
      if (auto bad = check(v, k)) return bad;
    }
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (auto bad = check(v, key)) return bad;
  }
  return std::nullopt;
}

}  // namespace

bool is_utf8(std::string_view text) { return !first_invalid(text); }

std::optional<std::string> invalid_utf8_text(const nlohmann::json& payload) { return check(payload, "the action"); }

}  // namespace sunlit
