-- 002_clock: the statutory clock — deadlines, durable timers, yellow and red cards,
-- imported calendar files and deployment settings.
--
-- Timers, warnings and the deadline columns are derived from the event log like `cases`
-- and `open_steps`: each commit of a case replaces its rows, and `sunlit admin rebuild`
-- can recompute them. A timer is fired by committing the case it belongs to (events +
-- snapshot + timers in one transaction, checked against the case version), so a timer
-- fires exactly once even when two tickers race. Calendar files and settings are inputs,
-- appended or set by people, never derived.

-- Deadline of the case (NULL: no case limit running, e.g. suspended or closed) and the
-- strongest card raised on it or any of its open steps ('', 'yellow', 'red').
ALTER TABLE cases ADD COLUMN due_at INTEGER;
ALTER TABLE cases ADD COLUMN warning TEXT NOT NULL DEFAULT '' CHECK (warning IN ('', 'yellow', 'red'));

-- Deadline of each open step (NULL: the step has no limit) and its card.
ALTER TABLE open_steps ADD COLUMN due_at INTEGER;
ALTER TABLE open_steps ADD COLUMN warning TEXT NOT NULL DEFAULT '' CHECK (warning IN ('', 'yellow', 'red'));

CREATE INDEX open_steps_by_due ON open_steps (due_at) WHERE due_at IS NOT NULL;

-- Derived: the pending timers of open cases. `name` is unique within the case, e.g.
-- "step:review:yellow", "step:hearing_window:elapse", "case:red".
CREATE TABLE timers (
  case_id TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  name    TEXT    NOT NULL CHECK (name <> ''),
  kind    TEXT    NOT NULL CHECK (kind IN ('yellow', 'red', 'elapse')),
  step    TEXT    NOT NULL,  -- '' for the case's own limit
  due_at  INTEGER NOT NULL,
  PRIMARY KEY (case_id, name)
) STRICT, WITHOUT ROWID;

CREATE INDEX timers_by_due ON timers (due_at, case_id);

-- Derived: every card raised on a case (kept after the step ends, for supervision).
CREATE TABLE warnings (
  case_id    TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL,  -- the event that raised it
  colour     TEXT    NOT NULL CHECK (colour IN ('yellow', 'red')),
  step       TEXT    NOT NULL,  -- '' for the case limit
  post       TEXT    NOT NULL,
  department TEXT    NOT NULL,
  due_at     INTEGER NOT NULL,  -- the deadline it warns about
  raised_at  INTEGER NOT NULL,
  active     INTEGER NOT NULL CHECK (active IN (0, 1)),  -- 1 while the step (or case) is still open
  PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

CREATE INDEX warnings_by_department ON warnings (department, colour, raised_at);
CREATE INDEX warnings_by_post ON warnings (post, colour, raised_at);

-- Calendar data files imported at run time (next year's notice, a district's closures).
-- Append-only: a corrected file is imported again and the newest wins.
CREATE TABLE calendar_files (
  id          INTEGER PRIMARY KEY,
  source      TEXT    NOT NULL,
  year        INTEGER,            -- national files: the year covered; NULL for local overrides
  local       INTEGER NOT NULL CHECK (local IN (0, 1)),
  content     TEXT    NOT NULL CHECK (json_valid(content)),
  imported_at INTEGER NOT NULL,
  imported_by TEXT    NOT NULL
) STRICT;

CREATE TRIGGER calendar_files_no_update BEFORE UPDATE ON calendar_files
BEGIN SELECT RAISE(ABORT, 'imported calendar files are immutable: import a corrected file instead'); END;
CREATE TRIGGER calendar_files_no_delete BEFORE DELETE ON calendar_files
BEGIN SELECT RAISE(ABORT, 'imported calendar files are immutable: they cannot be deleted'); END;

-- Deployment settings, optionally per power ('' = every power), e.g.
-- ('yellow_before', '', '1 workdays').
CREATE TABLE settings (
  name       TEXT NOT NULL CHECK (name <> ''),
  power_code TEXT NOT NULL,
  value      TEXT NOT NULL,
  set_at     INTEGER NOT NULL,
  set_by     TEXT NOT NULL,
  PRIMARY KEY (name, power_code)
) STRICT, WITHOUT ROWID;
