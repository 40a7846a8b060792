// Masking personal data for public disclosure (issue 5 item 8, docs/publish.md).
//
// Contract: pure text functions, no I/O. A person's name keeps the surname and masks every
// other character with one '*' each (张三 → 张*, 欧阳修修 → 欧阳**; compound surnames from a
// fixed list; a name in Latin letters keeps its first word, "Zhang San" → "Zhang ***", or, one
// word only, its first letter); an organisation's name is public and kept. In any published text, long digit
// runs are masked: an 11-digit mobile number keeps its first 3 and last 4 digits
// (13812345678 → 138****5678); any other run of 6 or more digits (an ID number's trailing X
// included) becomes all '*'. Text is handled as UTF-8 code points.
#pragma once

#include <string>

namespace sunlit {

// A person's name with only the surname left (whitespace kept, digits masked as above).
std::string mask_person(const std::string& name);

// Phone and ID numbers in `text` masked; everything else kept.
std::string mask_numbers(const std::string& text);

// A party's name as published: an organisation's kept (numbers masked), anyone else's masked as a person's.
std::string mask_party(const std::string& name, bool organisation);

}  // namespace sunlit
