-- 008_checks_without_lists: the same CHECK constraints, spelled so SQLite checks them without
-- building a temporary b-tree at every write (issue 3).
--
-- SQLite evaluates `x IN ('a', 'b', 'c')` (three values or more) in a CHECK by creating and
-- filling a temporary b-tree each time the statement runs: about four per durable step, on
-- cases.warning, open_steps.warning and timers.kind. `x = 'a' OR x = 'b' OR x = 'c'` accepts
-- exactly the same values (the columns are NOT NULL TEXT of STRICT tables) and costs three
-- comparisons. A CHECK cannot be altered in place. The two warning columns are added again
-- with the new CHECK and the same default, filled from the old ones, and the old ones dropped
-- (the new column takes the old name and moves to the end of its table: every statement names
-- its columns); `cases` cannot be rebuilt, as dropping it would cascade to its open steps,
-- timers and warnings.

ALTER TABLE cases ADD COLUMN warning_008 TEXT NOT NULL DEFAULT ''
  CHECK (warning_008 = '' OR warning_008 = 'yellow' OR warning_008 = 'red');
UPDATE cases SET warning_008 = warning WHERE warning <> '';
ALTER TABLE cases DROP COLUMN warning;
ALTER TABLE cases RENAME COLUMN warning_008 TO warning;

ALTER TABLE open_steps ADD COLUMN warning_008 TEXT NOT NULL DEFAULT ''
  CHECK (warning_008 = '' OR warning_008 = 'yellow' OR warning_008 = 'red');
UPDATE open_steps SET warning_008 = warning WHERE warning <> '';
ALTER TABLE open_steps DROP COLUMN warning;
ALTER TABLE open_steps RENAME COLUMN warning_008 TO warning;

-- timers.kind had no default, so the table is rebuilt as it was instead (it is nobody's parent).
CREATE TABLE timers_008 (
  case_id      TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  name         TEXT    NOT NULL CHECK (name <> ''),
  kind         TEXT    NOT NULL CHECK (kind = 'yellow' OR kind = 'red' OR kind = 'elapse'),
  step         TEXT    NOT NULL,  -- '' for the case's own limit
  due_at       INTEGER NOT NULL,
  held_version INTEGER,
  held_reason  TEXT    NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, name)
) STRICT, WITHOUT ROWID;
INSERT INTO timers_008 (case_id, name, kind, step, due_at, held_version, held_reason)
SELECT case_id, name, kind, step, due_at, held_version, held_reason FROM timers;
DROP TABLE timers;
ALTER TABLE timers_008 RENAME TO timers;
CREATE INDEX timers_by_due ON timers (due_at, case_id);
