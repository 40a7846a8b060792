// libFuzzer target: load_document must return diagnostics, never crash, hang or throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sunlit::Diagnostics diags;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)sunlit::load_document(text, "fuzz.yaml", diags);
  (void)diags.render();
  return 0;
}
