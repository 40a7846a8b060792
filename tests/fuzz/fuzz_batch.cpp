// libFuzzer target for `sunlit case batch` files (engine/batch.h parse_batch): any bytes, one
// JSON object per line. Never a crash or a throw; every line is either an item or one message
// "FILE:LINE: …" for that line, never both, in the file's order; an item has what its kind needs.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "engine/batch.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(bytes), size);
  sunlit::BatchParse p = sunlit::parse_batch(text, "f");
  int last = 0;
  for (const auto& item : p.items) {
    if (item.line <= last) std::abort();  // in order, one item per line at most
    last = item.line;
    if (item.open ? item.power.empty() || item.party.empty()
                  : item.case_id.empty() || item.cmd.action.empty() || item.cmd.official.empty())
      std::abort();
  }
  for (const auto& e : p.errors) {
    if (e.rfind("f:", 0) != 0) std::abort();
    const int line = std::atoi(e.c_str() + 2);
    for (const auto& item : p.items)
      if (item.line == line) std::abort();  // a line is an item or an error, not both
  }
  return 0;
}
