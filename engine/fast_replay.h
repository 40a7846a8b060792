// Whole-database replay at bulk speed: events applied straight from their stored JSON text.
//
// Contract: FastApplier::apply() decides exactly what apply() decides for the same event decoded
// by from_log(): both are the one template in engine/case_apply.h, instantiated for RapidJSON's
// value here and for nlohmann::json there (tests/test_fast_replay.cpp replays every
// shipped scenario both ways and compares the snapshots). The difference is cost: no nlohmann
// DOM is built per event, only the field values a step sets are converted. A payload that is not
// JSON is an error ("the payload is not valid JSON"); one RapidJSON refuses but nlohmann reads
// (a leading byte-order mark) is applied by apply() itself. Only
// fast_replay.cpp includes RapidJSON (header-only: the static CLI loads no shared library for it).
// Not thread-safe: one FastApplier per thread.
#pragma once

#include <memory>
#include <string>

#include "engine/case_state.h"
#include "engine/store.h"

namespace sunlit {

// Applies stored events to case states, reusing one document, its memory pools and one buffer.
class FastApplier {
 public:
  FastApplier();
  ~FastApplier();
  FastApplier(const FastApplier&) = delete;
  FastApplier& operator=(const FastApplier&) = delete;

  // As apply(state, from_log(event), error); false (and `error`) if the event does not fit.
  bool apply(CaseState& state, const EventView& event, std::string* error);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sunlit
