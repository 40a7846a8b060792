// Public disclosure (政务公开, issue 5 item 8, docs/publish.md): what of a case the public may see.
//
// Contract: pure, no I/O, no clock. From a case's compiled definition and its event log,
// public_records() derives one record per disclosed result: a step left by an official's action
// whose `disclosure` is scope public with time as_it_happens or permanent, and the outcome the
// case closed on under the same rule. A confidential power, or one whose catalog disclosure is
// not public (internal, on_request, none), yields nothing. A record carries only the case number, the power and its body, what
// happened (step or outcome, its name, the action's label or the outcome's kind), when, the
// party's name masked (mask.h; an organisation's kept when the case's `party_kind` or
// `applicant_type` field says "organisation") and the disclosure's forms, time and period.
// Never: case fields, notes, officials or posts, other events, the complaint text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/compiler.h"
#include "engine/store.h"

namespace sunlit {

// One published result of a case.
struct PublicRecord {
  std::string case_id, power, power_name, body;
  std::string kind;    // "step" or "outcome"
  std::string item;    // the step's or outcome's id
  std::string name;    // its name
  std::string result;  // a step: the action's label (else its id); an outcome: its kind
  std::string party;   // masked
  Instant at = 0;
  std::vector<std::string> forms;
  std::string time;    // "as_it_happens" or "permanent"
  std::string within;  // "7 working days (行政处罚法第四十八条)", or "" when the rule sets no period
};

// What `sunlit publish` exports.
struct Publication {
  Instant made_at = 0;
  std::optional<Instant> since;
  std::vector<PublicRecord> records;  // by time, then case number
};

// Whether a disclosure lets the public see the result now (scope public; time as_it_happens or permanent).
bool public_now(const Disclosure& d);

// Whether any case of this power may be published at all: not confidential, and its catalog
// entry's own disclosure is public (an internal power such as procurement publishes nothing).
bool publishable_power(const Catalog& power);

// The records of one case at or after `since`; events in sequence order.
std::vector<PublicRecord> public_records(const CompiledProcess& cp, const std::vector<Event>& events,
                                         std::optional<Instant> since);

// The export as JSON ({made_at, since, records}) and as CSV (a header line, one line per record);
// times in Asia/Shanghai local time.
nlohmann::json publication_json(const Publication& p);
std::string publication_csv(const Publication& p);

}  // namespace sunlit
