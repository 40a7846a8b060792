#include "engine/audit.h"

#include <fmt/format.h>

namespace sunlit {

void ChainVerifier::flag(std::int64_t seq, std::string message) {
  if (case_bad_) return;  // the first bad event of a case is the one to look at
  case_bad_ = true;
  report_.findings.push_back({case_id_, seq, std::move(message)});
}

void ChainVerifier::close_case() {
  if (!started_) return;
  auto it = stored_heads_.find(case_id_);
  if (it == stored_heads_.end()) {
    flag(0, "the database keeps no chain head for this case (its head was deleted)");
  } else {
    const ChainHead& h = it->second;
    if (h.seq != last_seq_)
      flag(std::min(h.seq, last_seq_) + 1,
           h.seq > last_seq_ ? fmt::format("the log ends at event {} but the chain head says {}: events were deleted",
                                           last_seq_, h.seq)
                             : fmt::format("events after {} were added behind the chain head's back", h.seq));
    else if (h.hash != last_hash_)
      flag(last_seq_, fmt::format("event {} does not match the chain head: the chain was rewritten", last_seq_));
    stored_heads_.erase(it);
  }
  report_.heads.push_back({case_id_, last_seq_, last_hash_});
}

void ChainVerifier::feed(const Event& e, const std::string& stored_hash) {
  if (!started_ || e.case_id != case_id_) {
    close_case();
    started_ = true;
    case_id_ = e.case_id;
    last_seq_ = 0;
    last_hash_.clear();
    recomputed_.clear();
    case_bad_ = false;
    ++report_.cases;
  }
  ++report_.events;
  if (e.seq != last_seq_ + 1)
    flag(last_seq_ + 1, e.seq > last_seq_ + 1
                            ? fmt::format("event {} is missing: the log jumps from {} to {}", last_seq_ + 1, last_seq_, e.seq)
                            : fmt::format("event {} appears twice or out of order", e.seq));
  std::string computed = chain_hash(last_hash_, e);
  if (computed != stored_hash)
    flag(e.seq, fmt::format("event {} was changed, moved or forged after it was written: its hash does not match",
                            e.seq));
  // While the stored chain is intact, the recomputed one is the same: hash once.
  recomputed_ = recomputed_ == last_hash_ ? computed : chain_hash(recomputed_, e);
  if (auto a = anchored_.find(e.case_id); a != anchored_.end() && a->second.seq == e.seq) {
    if (a->second.hash != recomputed_)
      flag(e.seq, fmt::format("the chain up to event {} differs from the one anchored: the history was rewritten",
                              e.seq));
    anchored_.erase(a);
  }
  last_seq_ = e.seq;
  last_hash_ = stored_hash;  // follow the stored chain so one bad event is not blamed on its successors
}

VerifyReport ChainVerifier::finish() {
  close_case();
  started_ = false;
  for (const auto& [id, head] : stored_heads_)
    report_.findings.push_back({id, head.seq, fmt::format("the chain head says {} events but the log has none: "
                                                          "the case's events were deleted", head.seq)});
  stored_heads_.clear();
  for (const auto& [id, head] : anchored_)
    report_.findings.push_back({id, head.seq, fmt::format("the anchor holds event {} of this case, which the log no "
                                                          "longer has", head.seq)});
  anchored_.clear();
  return std::move(report_);
}

}  // namespace sunlit
