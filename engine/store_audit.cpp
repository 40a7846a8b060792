// Audit: the event log with its hashes and the chain heads, checked in one read transaction so
// the log and the heads are seen at the same instant; anchors over every head (issue 5).
#include <fmt/format.h>

#include "engine/audit.h"
#include "engine/store_internal.h"

namespace sunlit {

using store_detail::error_from;

namespace store_detail {

namespace {
constexpr const char* kNoChainHead = "the case has events but no chain head";
}  // namespace

sql::Status chain_head(sql::Db& db, const std::string& id, bool has_events, std::int64_t& seq, std::string& hash) {
  sql::Query h(db, "SELECT seq, hash FROM chain_heads WHERE case_id = ?1");
  h->bind(1, id);
  sql::Status s = h->step();
  seq = s.row() ? h->int64(0) : 0;
  hash = s.row() ? h->text(1) : std::string();
  if (s.row()) return {};
  if (s.ok() && has_events) return {sql::Rc::other, 0, kNoChainHead};
  return s;
}

// The events of one case, in sequence: the chain continues from the case's head (read once),
// and the head moves to the last event (written once), inside the caller's transaction.
sql::Status insert_events(sql::Db& db, std::span<const Event> events, const std::string* prev_hash) {
  if (events.empty()) return {};
  const Event& first = events.front();
  std::string prev;
  if (prev_hash) {
    prev = *prev_hash;
  } else if (first.seq > 1) {  // the first event of a case has no head to continue
    std::int64_t head_seq = 0;
    sql::Status s = chain_head(db, first.case_id, true, head_seq, prev);
    if (!s.ok()) return s;
  }
  sql::Status s;
  for (const Event& e : events) {
    prev = chain_hash(prev, e);
    sql::Query q(db,
                 "INSERT INTO events (case_id, seq, version, at, actor, post, kind, payload, hash) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    q->bind(1, e.case_id).bind(2, e.seq).bind(3, e.version).bind(4, e.at);
    q->bind(5, e.actor).bind(6, e.post).bind(7, e.kind).bind(8, e.payload).bind(9, prev);
    s = q->run();
    if (!s.ok()) return s;
  }
  // A case's first event makes its head; later ones move it (a plain UPDATE, not an upsert that
  // first tries the INSERT: the head must exist, chain_head() checked, and one row must change).
  sql::Query head(db, first.seq == 1 ? "INSERT INTO chain_heads (case_id, seq, hash) VALUES (?1, ?2, ?3)"
                                     : "UPDATE chain_heads SET seq = ?2, hash = ?3 WHERE case_id = ?1");
  head->bind(1, first.case_id).bind(2, events.back().seq).bind(3, prev);
  s = head->run();
  if (s.ok() && first.seq > 1 && db.changes() != 1) return {sql::Rc::other, 0, kNoChainHead};
  return s;
}

namespace {
// sunlit_chain_hash(prev, case_id, seq, version, at, actor, post, kind, payload), for migration 003.
std::string chain_hash_sql(const std::vector<std::string>& a) {
  Event e;
  e.case_id = a[1];
  e.seq = std::stoll(a[2]);
  e.version = std::stoll(a[3]);
  e.at = std::stoll(a[4]);
  e.actor = a[5];
  e.post = a[6];
  e.kind = a[7];
  e.payload = a[8];
  return chain_hash(a[0], e);
}
}  // namespace

sql::Status define_sql_functions(sql::Db& db) { return db.define_function("sunlit_chain_hash", 9, &chain_hash_sql); }

}  // namespace store_detail

namespace {

// Rows of `chain_heads` (one case, or all).
sql::Status read_heads(sql::Db& db, const std::string& case_id, std::vector<ChainHead>& out) {
  sql::Query q(db, case_id.empty() ? "SELECT case_id, seq, hash FROM chain_heads"
                                   : "SELECT case_id, seq, hash FROM chain_heads WHERE case_id = ?1");
  if (!case_id.empty()) q->bind(1, case_id);
  sql::Status s;
  while ((s = q->step()).row()) out.push_back({q->text(0), q->int64(1), q->text(2)});
  return s.row() ? sql::Status{} : s;
}

// The heads an anchor recorded; `id` 0 if there is no anchor with that digest.
sql::Status read_anchor(sql::Db& db, const std::string& digest, std::int64_t& id, std::vector<ChainHead>& out) {
  sql::Query a(db, "SELECT id FROM anchors WHERE digest = ?1");
  a->bind(1, digest);
  sql::Status s = a->step();
  id = s.row() ? a->int64(0) : 0;
  if (!s.row()) return s;
  sql::Query q(db, "SELECT case_id, seq, hash FROM anchor_heads WHERE anchor_id = ?1");
  q->bind(1, id);
  while ((s = q->step()).row()) out.push_back({q->text(0), q->int64(1), q->text(2)});
  return s;
}

sql::Status feed_events(sql::Db& db, const std::string& case_id, ChainVerifier& verifier) {
  sql::Query q(db, case_id.empty()
                       ? "SELECT case_id, seq, version, at, actor, post, kind, payload, hash FROM events "
                         "ORDER BY case_id, seq"
                       : "SELECT case_id, seq, version, at, actor, post, kind, payload, hash FROM events "
                         "WHERE case_id = ?1 ORDER BY seq");
  if (!case_id.empty()) q->bind(1, case_id);
  Event e;
  sql::Status s;
  while ((s = q->step()).row()) {
    e.case_id = q->text(0);
    e.seq = q->int64(1);
    e.version = q->int64(2);
    e.at = q->int64(3);
    e.actor = q->text(4);
    e.post = q->text(5);
    e.kind = q->text(6);
    e.payload = q->text(7);
    verifier.feed(e, q->text(8));
  }
  return s;
}

}  // namespace

Result<VerifyReport> Store::verify_chains(const std::string& case_id, const std::string& anchor) {
  sql::Db& db = impl_->db;
  sql::Status s = db.exec("BEGIN");
  if (!s.ok()) return error_from(s, path_, "cannot read the event log");
  ChainVerifier verifier;
  std::vector<ChainHead> heads, anchored;
  std::int64_t anchor_id = 0;
  s = read_heads(db, case_id, heads);
  if (s.ok() && !anchor.empty()) s = read_anchor(db, anchor, anchor_id, anchored);
  std::optional<ChainFinding> altered_anchor;
  if (s.ok() && !anchor.empty() && anchor_id != 0 && anchor_digest(anchored) != anchor)
    altered_anchor = ChainFinding{"", 0, "the heads recorded with anchor " + anchor + " were altered"};
  for (const auto& h : heads) verifier.expect_head(h);
  for (const auto& h : anchored)
    if (case_id.empty() || h.case_id == case_id) verifier.expect_anchored(h);
  if (s.ok() && (anchor.empty() || anchor_id != 0)) s = feed_events(db, case_id, verifier);
  db.exec("COMMIT");
  if (!s.ok()) return error_from(s, path_, "cannot read the event log");
  if (!anchor.empty() && anchor_id == 0)
    return StoreError{StoreError::not_found,
                      fmt::format("no anchor {} in {}: the digest is wrong, or the anchor was removed", anchor, path_)};
  VerifyReport report = verifier.finish();
  if (altered_anchor) report.findings.insert(report.findings.begin(), *altered_anchor);
  return report;
}

Result<AnchorRecord> Store::make_anchor(Instant at, const std::string& by) {
  sql::Db& db = impl_->db;
  sql::Transaction tx(db, impl_->options.busy_timeout);
  sql::Status s = tx.begin();
  std::vector<ChainHead> heads;
  if (s.ok()) s = read_heads(db, "", heads);
  if (!s.ok()) return error_from(s, path_, "cannot anchor the event log");
  AnchorRecord rec{anchor_digest(heads), at, by, static_cast<std::int64_t>(heads.size()), false};
  std::int64_t id = 0;
  std::vector<ChainHead> existing;
  s = read_anchor(db, rec.digest, id, existing);
  if (s.ok() && id == 0) {
    sql::Query q(db, "INSERT INTO anchors (digest, made_at, made_by, cases) VALUES (?1, ?2, ?3, ?4) RETURNING id");
    q->bind(1, rec.digest).bind(2, at).bind(3, by).bind(4, rec.cases);
    s = q->step();
    if (s.row()) id = q->int64(0), s = q->run();
    for (const auto& h : heads) {
      if (!s.ok()) break;
      sql::Query ins(db, "INSERT INTO anchor_heads (anchor_id, case_id, seq, hash) VALUES (?1, ?2, ?3, ?4)");
      ins->bind(1, id).bind(2, h.case_id).bind(3, h.seq).bind(4, h.hash);
      s = ins->run();
    }
    rec.created = true;
  }
  if (s.ok()) s = tx.commit();
  if (!s.ok()) return error_from(s, path_, "cannot anchor the event log");
  return rec;
}

Result<std::vector<ChainHead>> Store::chain_heads() {
  std::vector<ChainHead> heads;
  sql::Status s = read_heads(impl_->db, "", heads);
  if (!s.ok()) return error_from(s, path_, "cannot read the chain heads");
  return heads;
}

}  // namespace sunlit
