// The validator: every finding about a loaded definition, all at once.
//
// Contract: reads definition structs only (never YAML), adds findings to
// `diags` (errors and warnings, with positions and exact, tested messages,
// "did you mean" for unknown names) and never stops at the first one. A
// Process that validates without errors can be compiled. Callers sort.
#pragma once

#include "engine/definition.h"

namespace sunlit {

// Organisation file: unique ids, officials' posts exist, every post belongs to a department.
void validate_organisation(const Organisation& org, Diagnostics& diags);

// Process file: structure (start, reachability, dangling names, gateways,
// workflow-net soundness of parallel split/join), meaning (conditions parse
// and type-check, choices have `otherwise`, posts exist in `org`) and law
// (remedies on refusals and penalties, rights before a penalty decision,
// supervision for risk level 1, confidential basis and reason, step limits
// fitting the case limit on every path) and case data (a field's `default` is
// a value of its type; a choice that a timer reaches reads only fields surely
// set on the way). `org` may be null: then a finding says the organisation was
// not found and post checks are skipped.
void validate_process(const Process& process, const Organisation* org, Diagnostics& diags);

// Whether a definition version already stored can still be compiled and run despite `diags`:
// true when every error is of a rule that judges a process's soundness, not its structure, and
// was added after versions could be deployed without it (unset-field-at-choice). A case stays on
// the version it opened with, so a stricter validator must not strand the cases of an old
// version: they keep running as deployed (the new rule stops new deployments of the fault).
bool stored_version_runs(const Diagnostics& diags);

}  // namespace sunlit
