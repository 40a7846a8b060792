// Store-level test helpers: an event, a new case's change and a deployed definition, shared by
// the store tests that write cases directly through Store::commit (no CaseService).
#pragma once

#include <string>

#include "engine/store.h"
#include "tests/support.h"

namespace sunlit::test {

// An event by clerk1 (post clerk) at `at`.
inline Event event(Instant at, std::string kind, std::string payload = R"({"party":"Acme Ltd"})") {
  Event e;
  e.at = at;
  e.actor = "clerk1";
  e.post = "clerk";
  e.kind = std::move(kind);
  e.payload = std::move(payload);
  return e;
}

// A new case of power L-001 with two events (opened, entered).
inline CaseChange opening(std::int64_t definition, Instant at, const std::string& payload = R"({"party":"Acme Ltd"})") {
  CaseChange c;
  c.year = 2026;
  c.events = {event(at, "opened", payload), event(at, "entered", payload)};
  c.row.definition_id = definition;
  c.row.power_code = "L-001";
  c.row.party = "Acme Ltd";
  c.row.opened_at = at;
  c.row.updated_at = at;
  return c;
}

// Deploys organisation "city" and definition L-001 version 1; its id.
inline std::int64_t deploy(Store& store) {
  Deployed org = ok(store.deploy_organisation("city", "name: city\n", "admin", 10));
  return ok(store.deploy_definition("L-001", "power: {code: L-001}\n", org.id, "admin", 20)).id;
}

}  // namespace sunlit::test
