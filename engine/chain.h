// Tamper evidence: every event's hash chains over the previous event of its case.
//
// Contract: pure functions, no SQL and no I/O. An event's hash is SHA-256 (hex) over the
// previous event's hash of the same case ("" for the first event) and the event's canonical
// content: case id, sequence number, version, instant, actor, post, kind and payload text,
// each written as a netstring ("<length>:<bytes>,") so no two different events encode alike.
// The payload is hashed as stored (the runtime writes it with sorted keys), so any change of a
// stored byte changes the hash. Changing, deleting, reordering or inserting an event breaks its
// case's chain or its head; rewriting a whole chain consistently is caught by an anchor (one
// digest over every case's head) published or stored elsewhere before the rewrite.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/store.h"

namespace sunlit {

// The hash of `e` chained after `prev` ("" for a case's first event): 64 lowercase hex digits.
std::string chain_hash(std::string_view prev, const Event& e);

// One digest over every case's chain head (store.h ChainHead): SHA-256 over "case_id seq hash\n"
// lines sorted by case id.
std::string anchor_digest(std::vector<ChainHead> heads);

// SHA-256 of bytes, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace sunlit
