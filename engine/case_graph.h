// A case marked on its statutory flowchart (issue 5 item 3): the overlay engine/dot.h draws.
//
// Contract: pure; no store, no clock. case_overlay() reads the transitions a case took from
// its events (sequence order, the same events its Replay was built from): the routing the
// runtime recorded (`acted`, `chose`, `split`, `joined`, `elapsed`), never re-evaluated, each
// numbered in the order taken (the arrow into the start step is 1; a split's arrows share one
// number). The Replay gives the step visits: a step still open is current; a task open past
// its deadline at the replay's end (`now`), or left after it, is overdue; a wait's window is
// the party's time and never overdue; the party's action or the window's elapse that ended a
// wait is its deferred choice. Nodes and arrows the case never reached are left unmarked
// (drawn grey). The header names the case, its state at `now` and the case clock.
#pragma once

#include <vector>

#include "engine/dot.h"
#include "engine/replay.h"

namespace sunlit {

// The overlay of one case; `events` in sequence order, `replay` built from them up to `now`.
FlowOverlay case_overlay(const CompiledProcess& cp, const Replay& replay, const std::vector<CaseEvent>& events,
                         Instant now);

// "2026-03-02 09:00" in Shanghai time; a deadline at midnight reads "2026-03-09 24:00".
std::string graph_time(Instant t, bool deadline = false);

}  // namespace sunlit
