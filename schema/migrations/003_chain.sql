-- 003_chain: tamper evidence. Every event carries a SHA-256 hash chained over the previous
-- event of its case and its own content (engine/chain.h); `chain_heads` keeps the last hash
-- of each case. The hashes are computed by sunlit (SQL function sunlit_chain_hash, registered
-- on every connection), never by SQL arithmetic, so this file only states where they live.
--
-- Events written before this migration are sealed here, in one pass per case in sequence order.

ALTER TABLE events ADD COLUMN hash TEXT NOT NULL DEFAULT '';

-- The head of each case's chain: its last event and that event's hash.
CREATE TABLE chain_heads (
  case_id TEXT    PRIMARY KEY,
  seq     INTEGER NOT NULL CHECK (seq >= 1),
  hash    TEXT    NOT NULL CHECK (length(hash) = 64)
) STRICT, WITHOUT ROWID;

-- A head only moves forward, and only to an event that exists with that hash.
CREATE TRIGGER chain_heads_forward BEFORE UPDATE ON chain_heads
WHEN NEW.seq <= OLD.seq OR NEW.case_id <> OLD.case_id
BEGIN SELECT RAISE(ABORT, 'a chain head only moves forward'); END;
CREATE TRIGGER chain_heads_no_delete BEFORE DELETE ON chain_heads
BEGIN SELECT RAISE(ABORT, 'chain heads cannot be deleted'); END;

-- Seal the events written before the chain existed.
DROP TRIGGER events_no_update;
CREATE TEMP TABLE sealed AS
WITH RECURSIVE chain (case_id, seq, hash) AS (
  SELECT case_id, seq, sunlit_chain_hash('', case_id, seq, version, at, actor, post, kind, payload)
  FROM events WHERE seq = 1
  UNION ALL
  SELECT e.case_id, e.seq, sunlit_chain_hash(c.hash, e.case_id, e.seq, e.version, e.at, e.actor, e.post, e.kind, e.payload)
  FROM chain c JOIN events e ON e.case_id = c.case_id AND e.seq = c.seq + 1
)
SELECT case_id, seq, hash FROM chain;
UPDATE events SET hash = (SELECT s.hash FROM sealed s WHERE s.case_id = events.case_id AND s.seq = events.seq);
INSERT INTO chain_heads (case_id, seq, hash)
SELECT case_id, seq, hash FROM sealed s
WHERE seq = (SELECT max(seq) FROM sealed t WHERE t.case_id = s.case_id);
DROP TABLE sealed;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed'); END;

-- Anchors: one digest over every chain head (engine/chain.h anchor_digest), taken by
-- `sunlit audit anchor` to be published or kept elsewhere, with the heads it covers, so
-- `sunlit audit verify --anchor DIGEST` can prove every chain still passes through them.
CREATE TABLE anchors (
  id      INTEGER PRIMARY KEY,
  digest  TEXT    NOT NULL UNIQUE CHECK (length(digest) = 64),
  made_at INTEGER NOT NULL,
  made_by TEXT    NOT NULL,
  cases   INTEGER NOT NULL CHECK (cases >= 0)
) STRICT;

CREATE TABLE anchor_heads (
  anchor_id INTEGER NOT NULL REFERENCES anchors (id),
  case_id   TEXT    NOT NULL,
  seq       INTEGER NOT NULL CHECK (seq >= 1),
  hash      TEXT    NOT NULL,
  PRIMARY KEY (anchor_id, case_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER anchors_no_update BEFORE UPDATE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are immutable'); END;
CREATE TRIGGER anchors_no_delete BEFORE DELETE ON anchors
BEGIN SELECT RAISE(ABORT, 'anchors are immutable'); END;
CREATE TRIGGER anchor_heads_no_update BEFORE UPDATE ON anchor_heads
BEGIN SELECT RAISE(ABORT, 'anchors are immutable'); END;
CREATE TRIGGER anchor_heads_no_delete BEFORE DELETE ON anchor_heads
BEGIN SELECT RAISE(ABORT, 'anchors are immutable'); END;
