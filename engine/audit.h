// Verifying the event log's hash chains (tamper evidence, issue 5).
//
// Contract: ChainVerifier is fed every stored event of the cases being checked, ordered by
// case id then sequence number, and the chain head the database keeps for each case; it
// recomputes each hash (engine/chain.h) and names, per case, the first event that does not
// fit: a sequence gap (an event deleted or inserted), a hash that does not match the content
// (an event changed, reordered or forged), or a head that does not match the log's end (events
// removed or appended after the head). No SQL here: the store streams, this module judges.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/chain.h"

namespace sunlit {

// The first thing wrong with one case's chain.
struct ChainFinding {
  std::string case_id;
  std::int64_t seq = 0;  // the first bad event (0: the case as a whole)
  std::string message;   // plain text: "event 3 was changed after it was written (its hash does not match)"
};

// What verifying found.
struct VerifyReport {
  std::int64_t cases = 0;
  std::int64_t events = 0;
  std::vector<ChainFinding> findings;  // empty: every chain verifies
  std::vector<ChainHead> heads;        // the recomputed head of each case (for the anchor)
  bool ok() const { return findings.empty(); }
};

// Walks the chains event by event.
class ChainVerifier {
 public:
  // The head the database keeps for a case (call before its events).
  void expect_head(const ChainHead& head) { stored_heads_[head.case_id] = head; }
  // A head recorded in an anchor: the chain recomputed from the case's first event must pass
  // through it (call before the case's events). A rewritten chain fails here even when every
  // hash and head was recomputed to match.
  void expect_anchored(const ChainHead& head) { anchored_[head.case_id] = head; }
  // The next stored event, with the hash stored beside it.
  void feed(const Event& e, const std::string& stored_hash);
  // Closes the walk: compares every case's end with its stored head.
  VerifyReport finish();

 private:
  void close_case();
  void flag(std::int64_t seq, std::string message);

  VerifyReport report_;
  std::map<std::string, ChainHead> stored_heads_;
  std::map<std::string, ChainHead> anchored_;
  std::string recomputed_;  // the hash recomputed from the first event (not from stored hashes)
  std::string case_id_;
  std::int64_t last_seq_ = 0;
  std::string last_hash_;
  bool case_bad_ = false;
  bool started_ = false;
};

}  // namespace sunlit
