// The party's rights and remedies in the runtime (docs/clock.md "Rights and remedies"): which
// rights a step notifies when it is done, which open wait step is a right's window, and the
// remedies an outcome states with their deadlines. Private to the runtime.
#pragma once

#include <string>

#include "engine/runtime.h"

namespace sunlit {

// The rights step `step` grants, notified at `now`: the `rights` array of its `acted` event, each
// {kind, step, article} plus, for a right with a window, {window, due[, estimated]}. Empty array: none.
nlohmann::json notified_rights(const CompiledProcess& cp, const std::string& step, Instant now, const TimeRules& rules);

// The open wait step that is right `r`'s window (a wait whose window has the same article), or "".
std::string window_step(const CompiledProcess& cp, const CaseState& s, const RightState& r);

// The open right whose window is the wait step `step` ("" if none): its kind.
std::string right_of_window(const CompiledProcess& cp, const CaseState& s, const std::string& step);

// The remedies of outcome `outcome` (its channels, in order) counted from `delivered`: the
// `remedies` array of the `closed` event. Empty array: none.
nlohmann::json remedies_of(const CompiledProcess& cp, const std::string& outcome, Instant delivered,
                           const TimeRules& rules);

// "right:<kind>:lapse": the timer name of a right's window.
std::string lapse_timer(const std::string& kind);

// Fires a right's lapse timer: a `right_lapsed` event at `due` (actor "system").
Decision lapse_right(const CaseState& s, const PendingTimer& t);

}  // namespace sunlit
