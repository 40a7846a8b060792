// Contract: checks the texts an official typed (party, note, reason, --set values…) before they
// are stored. Every event payload is stored as JSON text, and JSON text must be UTF-8, so a
// payload holding other bytes (a terminal in GBK, a pasted binary) is refused with a message
// naming the text, instead of the JSON library throwing mid-commit.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sunlit {

// Whether `text` is valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view text);

// Nullopt if every string in `payload` is valid UTF-8; else a message naming the first bad one by
// its key, e.g. "the text for 'party' is not valid UTF-8 (byte 0xff at position 4); type it again
// or save it as UTF-8".
std::optional<std::string> invalid_utf8_text(const nlohmann::json& payload);

}  // namespace sunlit
