// Which findings an already-stored definition version may carry and still run (validator.h).
#include <algorithm>
#include <array>
#include <string_view>

#include "engine/validator.h"

namespace sunlit {

namespace {

// Rules added after definitions could be deployed, judging soundness only: a version that breaks
// one still compiles to a graph the runtime can run (the fault shows as a timer that cannot fire).
constexpr std::array<std::string_view, 1> kLaterSoundnessRules{"unset-field-at-choice"};

}  // namespace

bool stored_version_runs(const Diagnostics& diags) {
  return std::all_of(diags.items().begin(), diags.items().end(), [](const Diagnostic& d) {
    return d.severity != Severity::error ||
           std::find(kLaterSoundnessRules.begin(), kLaterSoundnessRules.end(), d.code) != kLaterSoundnessRules.end();
  });
}

}  // namespace sunlit
