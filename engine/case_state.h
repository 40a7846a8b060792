// A case's state and its events: the event log is the truth, the state is derived.
//
// Contract: apply() is the only way a CaseState changes, one CaseEvent at a
// time, and it needs nothing but the event (no definition, no clock), so a
// case can be rebuilt from its events alone. Events carry the routing the
// runtime decided (which branch a choice took, which branches a split
// started), so replay never re-evaluates a condition, and the deadlines the
// runtime computed (a step's `due`, the case clock's), so replay never
// recomputes them with a later calendar. A `refused` event is recorded for
// supervision and changes nothing but the sequence number. The clock's
// event kinds and payloads are documented in docs/clock.md, and so are the
// party's rights (notified in an `acted` payload, `right_used`,
// `right_lapsed`) and the remedies a `closed` event states.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/clock.h"
#include "engine/expr.h"

namespace sunlit {

// One entry of a case's append-only history.
struct CaseEvent {
  std::int64_t seq = 0;  // 1, 2, … per case (assigned when stored)
  Instant at = 0;
  std::string actor;     // official id, "party" or "system"
  std::string post;      // post the actor acted in ("" if none)
  std::string kind;      // opened, entered, signed, acted, chose, split, arrived, joined, closed, withdrawn, refused,
                         // clock_started, clock_suspended, clock_resumed, clock_restarted, clock_stopped,
                         // extended, warned, elapsed, right_used, right_lapsed (docs/clock.md)
  nlohmann::json payload = nlohmann::json::object();
};

// An open step: a token on a task or a wait.
struct Token {
  std::string step;
  Instant since = 0;
  std::vector<std::string> signatures;  // officials who signed a two-official step so far
  std::optional<Instant> due;           // the step's deadline (its limit or window), if it has one
  bool estimated = false;               // the deadline assumed a year the calendar has no data for
};

// A yellow or red card raised on a step's or the case's deadline (a `warned` event).
struct Card {
  std::int64_t n = 0;    // 1, 2, … per case, in the order raised
  std::string colour;    // "yellow" or "red"
  std::string step;      // "" for the case limit
  std::string post, department;  // who the card is addressed to
  Instant due = 0;       // the deadline it warns about
  Instant at = 0;        // when it was raised (the timer's due instant)
};

// One granted extension of the case limit (an `extended` event).
struct ExtensionGrant {
  Instant at = 0;
  double amount = 0;
  std::string unit;      // "workdays", "days", "hours"
  std::string by, post, reason;
  Instant due = 0;       // the case deadline after it
};

// The case clock (the whole-case limit): not started, running, suspended or stopped.
struct CaseClock {
  enum class Status { none, running, suspended, stopped };
  Status status = Status::none;
  Instant due = 0;                         // the deadline (while suspended: the one to recompute from)
  bool estimated = false;
  std::vector<std::string> suspended_by;   // open steps that suspend it (usually one)
  std::string reason;                      // the first suspending step's reason, while suspended
  Instant suspended_since = 0;
  double extended = 0;                     // extension granted so far, in the extension's unit
  std::vector<ExtensionGrant> extensions;
  bool counting() const { return status == Status::running || status == Status::suspended; }
};

// A party right (相对人的权利) notified when the step granting it was done, and what became of it.
struct RightState {
  std::string kind;              // statement, defence, statement_and_defence, hearing, reasons, information, other
  std::string step;              // the step that granted it
  std::string article;           // the article that grants it
  Instant notified_at = 0;
  std::optional<Instant> due;    // the end of its window (none: no window)
  std::optional<Period> window;  // amount, unit and article of the window
  bool estimated = false;
  std::string status = "open";   // "open", "used" or "lapsed"
  Instant ended_at = 0;          // when it was used or lapsed
  std::string used_by;           // the official who recorded the party's use
  std::string note;              // what the party said or asked, as recorded
};

// A remedy (救济途径) a decision states: where to turn and by when (the `closed` event's `remedies`).
struct Remedy {
  std::string channel, kind, body, contact, article;
  Instant from = 0;              // the decision's delivery, from which the period counts
  std::optional<Instant> due;    // none: the channel has no deadline
  std::optional<Period> period;
  bool estimated = false;
};

// Everything the runtime knows about a case, rebuilt from its events.
struct CaseState {
  std::string id;
  std::int64_t definition_id = 0;
  std::string power;
  int definition_version = 0;
  std::string party;
  Instant opened_at = 0;
  bool closed = false;
  std::string outcome;
  Instant closed_at = 0;
  // Sequence number of the last event applied (refusals included). Not part of the snapshot:
  // refusals are appended without touching it, so the log, not the snapshot, knows the position.
  std::int64_t last_seq = 0;
  nlohmann::json data = nlohmann::json::object();  // field -> JSON-encoded value
  std::vector<Token> open;                          // open steps, in the order entered
  std::map<std::string, std::vector<std::string>> arrived;  // join -> source steps arrived
  std::map<std::string, std::vector<std::string>> done_by;  // step -> officials who completed it
  CaseClock clock;
  std::vector<Card> cards;  // every card raised, in order
  std::vector<RightState> rights;  // every right notified, in order
  std::vector<Remedy> remedies;    // the remedies the closing decision stated
};

// The latest notified right of `kind` that is still open (nullptr: none).
const RightState* open_right(const CaseState& s, const std::string& kind);

// A remedy as carried in a `closed` event's `remedies` and in the snapshot, and back from a payload.
nlohmann::json remedy_json(const Remedy& r);
std::vector<Remedy> remedies_in(const nlohmann::json& payload);

// Whether a card of `colour` was raised for this deadline (step "" = the case).
bool raised(const CaseState& s, const std::string& step, Instant due, const std::string& colour);

// Applies one event in place; returns false if the event does not fit the state, which may
// then be partly changed and must be discarded (replay and commit both work on a copy).
bool apply(CaseState& state, const CaseEvent& e, std::string* error);

// Whether an event kind changes the case (everything but `refused`).
bool changes_state(const std::string& kind);

// The state as JSON (the snapshot stored beside the log), and back.
nlohmann::json to_json(const CaseState& s);
std::optional<CaseState> state_from_json(const nlohmann::json& j);

// A field value as JSON (money and dates as canonical text, numbers as numbers) and back.
nlohmann::json value_to_json(const expr::Value& v);

// A payload's text member, or "" when it is missing or not text.
std::string payload_text(const nlohmann::json& payload, const char* key);
std::optional<expr::Value> value_from_json(const nlohmann::json& j, const Field& f);

}  // namespace sunlit
