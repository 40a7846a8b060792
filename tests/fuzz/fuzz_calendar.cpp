// libFuzzer target: parse_calendar_file must return diagnostics, never crash, hang or throw;
// a file it accepts must be usable by a Calendar (is_workday and a period over its days).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/calendar.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sunlit::Diagnostics diags;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  diags.add_source("fuzz.json", std::string(text));
  auto file = sunlit::parse_calendar_file("fuzz.json", text, diags);
  (void)diags.render();
  if (file) {
    sunlit::Calendar c = sunlit::calendar_with({*file});
    for (const auto& d : file->days) {
      (void)c.is_workday(d.day);
      (void)c.add(sunlit::day_start(d.day), 5, sunlit::Unit::workdays);
    }
  }
  return 0;
}
