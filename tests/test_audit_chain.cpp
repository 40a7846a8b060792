// Hash chains: the hash of known content, and the verifier naming the first bad event.
#include <catch2/catch.hpp>

#include "engine/audit.h"

using namespace sunlit;

namespace {

Event ev(const std::string& id, std::int64_t seq, const std::string& kind, const std::string& payload = "{}") {
  Event e;
  e.case_id = id;
  e.seq = seq;
  e.version = seq;
  e.at = 1750000000 + seq;
  e.actor = "ann";
  e.post = "intake";
  e.kind = kind;
  e.payload = payload;
  return e;
}

// A well-formed chain for one case: the events and their hashes.
struct Chain {
  std::vector<Event> events;
  std::vector<std::string> hashes;
  ChainHead head() const { return {events.back().case_id, events.back().seq, hashes.back()}; }
};

Chain chain(const std::string& id, int n) {
  Chain c;
  std::string prev;
  for (int i = 1; i <= n; ++i) {
    c.events.push_back(ev(id, i, i == 1 ? "opened" : "acted", "{\"n\":" + std::to_string(i) + "}"));
    prev = chain_hash(prev, c.events.back());
    c.hashes.push_back(prev);
  }
  return c;
}

VerifyReport verify(const Chain& c, std::optional<ChainHead> head) {
  ChainVerifier v;
  if (head) v.expect_head(*head);
  for (size_t i = 0; i < c.events.size(); ++i) v.feed(c.events[i], c.hashes[i]);
  return v.finish();
}

}  // namespace

TEST_CASE("SHA-256 and the chain hash of fixed content") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Event e = ev("2026-000001", 1, "opened");
  std::string h = chain_hash("", e);
  // Pinned: SHA-256 over the netstrings "0:,11:2026-000001,1:1,1:1,10:1750000001,3:ann,6:intake,6:opened,2:{},"
  // (the same value tests/cli/audit.sh's independent Python rewrite relies on).
  CHECK(h == "ad0569516aa5a5b132c1b0d8a5fda2e957f6338403800e371446213d6b06c464");
  CHECK(chain_hash("", e) == h);           // deterministic
  CHECK(chain_hash("x", e) != h);          // depends on the previous hash
  e.payload = "{ }";
  CHECK(chain_hash("", e) != h);           // any byte of the payload counts
  // Netstrings: moving a character between two fields changes the hash.
  Event a = ev("c", 1, "k"), b = ev("c", 1, "k");
  a.actor = "ab"; a.post = "c";
  b.actor = "a";  b.post = "bc";
  CHECK(chain_hash("", a) != chain_hash("", b));
}

TEST_CASE("an intact chain verifies") {
  Chain c = chain("2026-000001", 4);
  VerifyReport r = verify(c, c.head());
  CHECK(r.ok());
  CHECK(r.cases == 1);
  CHECK(r.events == 4);
  REQUIRE(r.heads.size() == 1);
  CHECK(r.heads[0].hash == c.hashes.back());
}

TEST_CASE("each kind of tampering names the first bad event") {
  Chain c = chain("2026-000001", 5);
  SECTION("a changed payload") {
    Chain t = c;
    t.events[2].payload = "{\"n\":99}";
    VerifyReport r = verify(t, c.head());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 3);
    CHECK(r.findings[0].message == "event 3 was changed, moved or forged after it was written: its hash does not match");
  }
  SECTION("a deleted event in the middle") {
    Chain t = c;
    t.events.erase(t.events.begin() + 1);
    t.hashes.erase(t.hashes.begin() + 1);
    VerifyReport r = verify(t, c.head());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 2);
    CHECK(r.findings[0].message == "event 2 is missing: the log jumps from 1 to 3");
  }
  SECTION("the last event deleted") {
    Chain t = c;
    t.events.pop_back();
    t.hashes.pop_back();
    VerifyReport r = verify(t, c.head());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 5);
    CHECK(r.findings[0].message == "the log ends at event 4 but the chain head says 5: events were deleted");
  }
  SECTION("two events swapped (their sequence numbers exchanged)") {
    Chain t = c;
    std::swap(t.events[1].payload, t.events[2].payload);
    std::swap(t.hashes[1], t.hashes[2]);
    VerifyReport r = verify(t, c.head());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 2);
  }
  SECTION("a forged event appended with a correct-looking hash") {
    Chain t = c;
    t.events.push_back(ev("2026-000001", 6, "acted"));
    t.hashes.push_back(chain_hash(t.hashes.back(), t.events.back()));
    VerifyReport r = verify(t, c.head());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 6);
    CHECK(r.findings[0].message == "events after 5 were added behind the chain head's back");
  }
  SECTION("a whole chain rewritten consistently, head included, is caught by the anchor") {
    std::string before = anchor_digest({c.head()});
    Chain t = c;
    t.events[0].actor = "mallory";
    std::string prev;
    for (size_t i = 0; i < t.events.size(); ++i) t.hashes[i] = prev = chain_hash(prev, t.events[i]);
    VerifyReport r = verify(t, t.head());
    CHECK(r.ok());
    CHECK(anchor_digest(r.heads) != before);
  }
  SECTION("a case whose head is missing") {
    VerifyReport r = verify(c, std::nullopt);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "the database keeps no chain head for this case (its head was deleted)");
  }
}

TEST_CASE("the anchor does not depend on the order of the heads") {
  ChainHead a{"2026-000001", 3, "aa"}, b{"2026-000002", 1, "bb"};
  CHECK(anchor_digest({a, b}) == anchor_digest({b, a}));
  CHECK(anchor_digest({a, b}) != anchor_digest({a}));
}

TEST_CASE("an anchored head catches a chain rewritten consistently from its first event") {
  Chain c = chain("2026-000001", 4);
  ChainHead anchored{c.events[2].case_id, 3, c.hashes[2]};  // anchored when the case had 3 events
  SECTION("the untouched log passes through the anchored head") {
    ChainVerifier v;
    v.expect_head(c.head());
    v.expect_anchored(anchored);
    for (size_t i = 0; i < c.events.size(); ++i) v.feed(c.events[i], c.hashes[i]);
    CHECK(v.finish().ok());
  }
  SECTION("a rewrite with every hash and the head recomputed") {
    Chain t = c;
    t.events[1].payload = "{\"n\":20}";
    std::string prev;
    for (size_t i = 0; i < t.events.size(); ++i) t.hashes[i] = prev = chain_hash(prev, t.events[i]);
    ChainVerifier v;
    v.expect_head(t.head());
    v.expect_anchored(anchored);
    for (size_t i = 0; i < t.events.size(); ++i) v.feed(t.events[i], t.hashes[i]);
    VerifyReport r = v.finish();
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].seq == 3);
    CHECK(r.findings[0].message == "the chain up to event 3 differs from the one anchored: the history was rewritten");
  }
  SECTION("events cut back below the anchor") {
    Chain t = c;
    t.events.resize(2);
    t.hashes.resize(2);
    ChainVerifier v;
    v.expect_head(t.head());
    v.expect_anchored(anchored);
    for (size_t i = 0; i < t.events.size(); ++i) v.feed(t.events[i], t.hashes[i]);
    VerifyReport r = v.finish();
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "the anchor holds event 3 of this case, which the log no longer has");
  }
}
