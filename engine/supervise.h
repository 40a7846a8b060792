// Supervision (监督): the exceptions the supervision bureau looks at, and the records kept at
// the supervision points a definition marks (issue 5 item 5; docs/supervision.md).
//
// Contract: read-only service-level functions over the store and the case service; nothing is
// written. Exceptions come from the event log (refused, warned, extended, clock_suspended,
// closed events, read by Store::logged_events) and the derived tables (overdue open steps and
// cases at `now`, the cards of the `warnings` table); supervision records come from each
// case's replay (engine/replay.h) and its `acted` events. A period is [from, to) on the
// instant each exception or passage happened (docs/supervision.md says which instant).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/service.h"

namespace sunlit {

// What `sunlit supervise` selects: empty strings and unset instants select everything.
struct SuperviseFilter {
  std::string department;  // department id of the step (or post) the exception is about
  std::string power;       // power code
  std::string kind;        // an exception kind (exception_kinds()) or a point kind (internal|external)
  std::optional<Instant> from, to;
};

// The exception kinds, in the order a listing sorts ties: overdue_step, overdue_case,
// yellow_card, red_card, wrong_post, separation, refusal_without_reasons, extension, suspension.
const std::vector<std::string>& exception_kinds();

// One exception.
struct SupervisionException {
  std::string kind, case_id, power, step, step_name, post, department;
  std::string actor;   // the official who acted ("" for the system or a missed deadline)
  Instant at = 0;      // when it happened (for overdue: the deadline that was missed)
  std::string detail;  // one line a supervisor reads
};

// Every exception matching the filter, by (at, case, kind).
Served<std::vector<SupervisionException>> supervise_exceptions(CaseService& svc, Store& store,
                                                               const SuperviseFilter& filter, Instant now);

// One item a supervision point records: a field of the case (its value, if set) or a record
// kept outside sunlit (value unset).
struct RecordedItem {
  std::string name;
  bool field = false;
  std::optional<std::string> value;
};

// One passage of a case through a supervision-point step.
struct SupervisionRecord {
  std::string case_id, power, step, step_name, post, department;
  std::string body, kind, channel, contact;  // the point (监督制约环节)
  Instant entered = 0;
  std::optional<Instant> left;  // unset: still at the step
  std::string actor, actor_post, how;
  std::vector<RecordedItem> items;
};

// Passages through supervision-point steps: those that ended in the period, and those still
// open that began in it; by (entered, case, step).
Served<std::vector<SupervisionRecord>> supervision_records(CaseService& svc, Store& store,
                                                           const SuperviseFilter& filter);

}  // namespace sunlit
