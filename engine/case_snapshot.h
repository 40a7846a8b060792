// A case's snapshot (the state stored beside its log) written straight to text.
//
// Contract: snapshot_text(s) is byte for byte to_json(s).dump() (engine/case_state.h), the text
// every stored snapshot has always had, so stored snapshots, `audit replay` and rebuilt databases
// compare equal whichever wrote them. It only skips building the JSON tree for the parts every
// case has (open steps, arrivals, who did what, the data); the clock, cards, rights and remedies
// still go through it, and so does any string that is not plain printable ASCII (so escaping and
// the UTF-8 check, which throws nlohmann::json::type_error on a bad byte, are nlohmann's own).
// tests/test_case_snapshot.cpp compares the two on generated states.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/case_state.h"

namespace sunlit {

// The snapshot text of `s`: see the contract above.
std::string snapshot_text(const CaseState& s);

namespace detail {
// The snapshot members only some cases have (clock, cards, rights, remedies), as to_json() puts them.
nlohmann::json snapshot_extras(const CaseState& s);
}  // namespace detail

}  // namespace sunlit
