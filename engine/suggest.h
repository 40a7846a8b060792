// "Did you mean": nearest names by edit distance, for unknown keys and references.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sunlit {

// Levenshtein distance over bytes.
int edit_distance(std::string_view a, std::string_view b);

// The closest candidate within a distance that scales with the name's length
// (at most max(1, len/3), and never the whole name); empty if none is close.
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" when a close candidate exists, else "".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace sunlit
