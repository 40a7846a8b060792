// The statutory clock's period arithmetic, shared by the runtime and the service's views.
// Private to the engine; the rules are documented in docs/clock.md.
#pragma once

#include "engine/runtime.h"

namespace sunlit {

// When a yellow card is due before `due`, for a deadline counted in `unit`: rules.yellow_before
// counted back (working days: 00:00 of the n-th working day back from the last day; days:
// 00:00 n calendar days before `due`); for hour limits 1 hour before unless the threshold is in hours.
Instant yellow_at(const TimeRules& rules, Instant due, Unit unit);

// The case deadline when a suspension that started at `since` ends at `now`: the working (or
// calendar) days left after the day suspension started, counted again from the day it ends.
// Hours: the exact seconds left. A clock already overdue when suspended keeps its deadline.
PeriodEnd resumed_due(const TimeRules& rules, Unit unit, Instant due, Instant since, Instant now);

// The deadline `due` extended by `amount` `unit`: counted on from the period's last day.
PeriodEnd extended_due(const TimeRules& rules, Instant due, double amount, Unit unit);

// The built-in `extend` action (kExtendAction) by official `o`.
Decision extend_case(const CompiledProcess& cp, const CaseState& s, const Command& c, const Official& o, Instant now,
                     const TimeRules& rules);

}  // namespace sunlit
