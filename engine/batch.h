// A batch of officials' actions, one JSON object per line, run through group commit (批量办理).
//
// Contract: parse_batch() reads the whole text first and either returns every item or every
// malformed line as "FILE:LINE: message" (then nothing may run). A line is one of
//   {"open": POWER, "party": NAME, "as": OFFICIAL, "set": {FIELD: VALUE, …}}
//   {"case": CASE, "action": ACTION, "as": OFFICIAL, "step": STEP, "set": {…}, "note": TEXT}
// ("as" of an open, "step", "set" and "note" optional; a value in "set" is text, a number or
// true/false, read as `--set FIELD=VALUE` reads its text); blank lines are skipped.
// run_batch() runs the items through one GroupCommit over `jobs` threads: the actions on one
// case in the order of the file, by one thread; different cases (and every opening) at once, so
// cases opened in the batch are numbered in the order their openings commit. With one job,
// every item runs in the file's order.
// Each item is its own transaction, as `case open`/`case advance` would make it, and `done` is
// called for it only once it is durable (or refused, with the error): the batch is the CLI's way
// to the group commit's throughput. `done` is called from the worker threads, one call at a time.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/group_commit.h"

namespace sunlit {

// One line of a batch: an opening or an action.
struct BatchItem {
  int line = 0;
  bool open = false;
  std::string case_id;         // an action: the case
  std::string power, party;    // an opening
  Command cmd;                 // the official (both), the action, step, sets and note
};

// The items of a batch, or why not (each "FILE:LINE: message").
struct BatchParse {
  std::vector<BatchItem> items;
  std::vector<std::string> errors;
};

BatchParse parse_batch(std::string_view text, const std::string& file);

using BatchDone = std::function<void(const BatchItem&, const Served<CaseView>&)>;

// Runs `items` over `jobs` threads (1: in the file's order): see the contract above.
void run_batch(GroupCommit& group, const std::vector<BatchItem>& items, int jobs, const BatchDone& done);

}  // namespace sunlit
