// Replay: a case rebuilt from its events alone, and its timeline as an auditor reads it.
//
// Contract: pure; no store, no clock. replay() applies the events in sequence order (up to
// `as_of` when given: the events whose instant is at or before it) to an empty CaseState on
// the compiled definition the case ran on, and builds the timeline: every visit of a step
// (entered, left, how, by whom in which post, time used against its limit in the law's unit,
// overdue or not), and the clock's and supervision's events (suspensions, resumptions,
// restarts, extensions, cards, refusals), the party's rights (notified on the visit of the step
// that granted them; used and lapsed as entries) and the outcome with its remedies. Deadlines come from the events
// (computed when the step was entered), never recomputed; only the time used is counted here,
// on the calendar given. An event that does not fit the state stops the replay with `error`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/calendar.h"
#include "engine/case_state.h"
#include "engine/compiler.h"

namespace sunlit {

// One visit of a step.
struct StepVisit {
  std::string step, name, post;  // post: the step's owning post ("" for waits)
  Instant entered = 0;
  std::optional<Instant> left;   // unset: still open (at the end of the replay)
  std::string how;               // "accept by ann (intake)", "window elapsed", "cancelled: withdrawn"
  std::optional<Instant> due;    // the step's deadline as carried by its `entered` event
  std::optional<Period> limit;
  std::int64_t used = 0;         // time used, in limit->unit (working days when there is no limit)
  std::string used_text;         // "3 of 5 working days", "7 working days (limit 5): overdue"
  bool overdue = false;          // left (or the replay's end, if open) after its deadline
  std::vector<std::string> rights;  // rights notified when it was done: "hearing (art. 47), window until …"
};

// A line of the timeline that is not a step visit.
struct TimelineEntry {
  std::int64_t seq = 0;
  Instant at = 0;
  std::string kind;  // the event kind
  std::string text;  // one line a person reads
};

// A case rebuilt from its events.
struct Replay {
  CaseState state;
  std::int64_t events = 0;  // events applied
  std::vector<StepVisit> steps;
  std::vector<TimelineEntry> entries;  // clock, cards, extensions, refusals, rights used/lapsed, outcome — in order
  std::optional<std::string> error;    // "event 7 cannot be replayed: …"
};

// Replays `events` (sequence order) on `cp`; `end` is the instant open visits are measured to.
Replay replay(const CompiledProcess& cp, const std::vector<CaseEvent>& events, const Calendar& calendar,
              std::optional<Instant> as_of, Instant end);

}  // namespace sunlit
