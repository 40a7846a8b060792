// The runtime: decides what an official's action does to a case, on the compiled graph alone.
//
// Contract: pure functions, no I/O and no clock reads (`now` is passed in).
// open_case() and advance() return the events that the action causes —
// the external action itself and the routing it triggers (choices, splits,
// joins, outcomes) — or a CaseError. They never change the given state: the
// caller stores the events and applies them (write the log, then change
// memory). A CaseError with `refusal` set is an attempt the law forbids
// (wrong post, separation of duty): the caller records it as a `refused`
// event for supervision; every other error leaves nothing behind.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/calendar.h"
#include "engine/case_state.h"
#include "engine/compiler.h"

namespace sunlit {

// Why an action was not taken.
struct CaseError {
  enum Kind {
    not_found,         // unknown case
    closed,            // the case is closed
    unknown_official,  // no such official in the organisation
    unknown_step,      // no such step, or the step is not open
    unknown_action,    // no open step offers that action
    ambiguous,         // several open steps offer the action; --step needed
    bad_value,         // unknown field, wrong type, missing required field
    cannot_route,      // a condition could not be evaluated (a field is not set)
    wrong_post,        // refusal: the official does not hold the step's post
    separation,        // refusal: a separation-of-duty rule forbids it
    conflict,          // the case changed since it was loaded
    busy,              // the database stayed busy past the bounded wait
    storage            // the database failed otherwise
  };
  Kind kind = bad_value;
  std::string message;
  bool refused = false;  // a right's use the law does not allow (not notified, used, window over): recorded
  bool refusal() const { return refused || kind == wrong_post || kind == separation; }
};

// An official's action on a case, as given on the command line.
struct Command {
  std::string action;
  std::string official;
  std::string step;  // optional: which open step (needed when several offer the action)
  std::vector<std::pair<std::string, std::string>> sets;  // field=value texts
  std::string note;
};

// Events an action causes, or why it was refused.
using Decision = std::variant<std::vector<CaseEvent>, CaseError>;

// The name of the built-in action that withdraws a case (when the definition allows it).
inline constexpr const char* kWithdrawAction = "withdraw";

// The time rules a decision needs (issue 4): the working-day calendar and when a yellow card
// is raised before a deadline. Deadlines are computed when a step or the case clock starts and
// carried in the events, so replay never recomputes them with a later calendar.
struct TimeRules {
  const Calendar* calendar = &Calendar::builtin();
  Period yellow_before{1, Unit::workdays, "", {}};  // default: 1 working day left
};

// The built-in action that extends the case limit (where the definition allows it): by an
// official of the post the definition names, with a reason (Command::note), within the
// statutory amount (Command::sets {"amount", "N"}, absent: all that is left), recorded as an
// `extended` event.
inline constexpr const char* kExtendAction = "extend";

// A timer a case's state makes pending (docs/clock.md): "step:<id>:yellow|red|elapse" or
// "case:yellow|red", with its kind ("yellow", "red", "elapse"), step ("" for the case) and due.
struct PendingTimer {
  std::string name, kind, step;
  Instant due = 0;       // when it fires
  Instant deadline = 0;  // the deadline it is about (== due for red and elapse)
};

// The timers pending in a state, in a stable order (steps in the order entered, then the case).
std::vector<PendingTimer> pending_timers(const CompiledProcess& cp, const CaseState& state, const TimeRules& rules);

// When a period of `p` starting at `start` ends, on the rules' calendar.
PeriodEnd period_end(const TimeRules& rules, Instant start, const Period& p);

// Opens a case: `opened` plus entering the start step. `actor` is an official id or "party".
Decision open_case(const CompiledProcess& cp, std::int64_t definition_id, int definition_version,
                   const std::string& party, const std::vector<std::pair<std::string, std::string>>& sets,
                   const std::string& actor, Instant now, const TimeRules& rules = {});

// Decides an action on an open case.
Decision advance(const CompiledProcess& cp, const CaseState& state, const Command& cmd, Instant now,
                 const TimeRules& rules = {});

// Fires the case's pending timer `name` (see pending_timers) at its due instant `due`: a card
// (`warned`, actor "system") or a window / deemed outcome taking the step's timeout edge
// (`elapsed`, actor "system"), with the routing that follows; every event is at `due`. A
// CaseError `conflict` if the timer is no longer pending in this state (already fired, or the
// step ended); red and elapse timers must also match `due`, a yellow one only its name (its
// instant depends on the threshold in force when it was stored).
Decision fire(const CompiledProcess& cp, const CaseState& state, const std::string& name, Instant due,
              const TimeRules& rules = {});

// A party's use of a notified right (statement, defence, hearing request…), recorded by an official.
struct RightUse {
  std::string kind;      // the right's kind as the definition spells it ("hearing", "statement_and_defence")
  std::string official;  // the official who records it (any official of the organisation)
  std::string note;      // what the party said or asked
};

// Decides a party's use of a right (docs/clock.md "Rights and remedies"): a `right_used` event;
// or, where an open wait step is the right's window (its window has the right's window article,
// e.g. penalty `hearing_window`), that step's one action, which counts as the use. Refused
// (CaseError::refused, recorded by the caller) if the right was never notified, is used already,
// or its window has ended.
Decision use_right(const CompiledProcess& cp, const CaseState& state, const RightUse& use, Instant now,
                   const TimeRules& rules = {});

// The actions possible at an open step (task or wait), in file order, plus withdraw where allowed.
std::vector<std::string> possible_actions(const CompiledProcess& cp, const CaseState& state, const std::string& step);

// Parses `--set` texts against the declared fields into JSON-encoded data.
std::variant<nlohmann::json, CaseError> parse_sets(const CompiledProcess& cp,
                                                   const std::vector<std::pair<std::string, std::string>>& sets);

}  // namespace sunlit
