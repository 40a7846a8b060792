-- 001_init: deployments, the event log (the truth) and the tables derived from it.
--
-- Applied by the store inside one transaction, then PRAGMA user_version = 1.
-- Instants are INTEGER seconds since the Unix epoch, UTC. JSON is TEXT checked
-- by json_valid(). Deployments and events are immutable: triggers refuse
-- UPDATE and DELETE. `cases` and `open_steps` are derived from `events` and
-- may be rebuilt from it at any time (sunlit admin rebuild).

-- An organisation file (departments, posts, officials) as deployed.
CREATE TABLE organisations (
  id           INTEGER PRIMARY KEY,
  name         TEXT    NOT NULL CHECK (name <> ''),
  content_hash TEXT    NOT NULL,
  yaml         TEXT    NOT NULL,
  deployed_at  INTEGER NOT NULL,
  deployed_by  TEXT    NOT NULL,
  UNIQUE (name, content_hash)
) STRICT;

-- A process definition as deployed: version 1..n per power code.
CREATE TABLE definitions (
  id              INTEGER PRIMARY KEY,
  power_code      TEXT    NOT NULL CHECK (power_code <> ''),
  version         INTEGER NOT NULL CHECK (version >= 1),
  content_hash    TEXT    NOT NULL,
  yaml            TEXT    NOT NULL,
  organisation_id INTEGER NOT NULL REFERENCES organisations (id),
  deployed_at     INTEGER NOT NULL,
  deployed_by     TEXT    NOT NULL,
  UNIQUE (power_code, version),
  UNIQUE (power_code, content_hash)
) STRICT;

CREATE TRIGGER organisations_no_update BEFORE UPDATE ON organisations
BEGIN SELECT RAISE(ABORT, 'deployed organisations are immutable: deploy a new version instead'); END;
CREATE TRIGGER organisations_no_delete BEFORE DELETE ON organisations
BEGIN SELECT RAISE(ABORT, 'deployed organisations are immutable: they cannot be deleted'); END;
CREATE TRIGGER definitions_no_update BEFORE UPDATE ON definitions
BEGIN SELECT RAISE(ABORT, 'deployed definitions are immutable: deploy a new version instead'); END;
CREATE TRIGGER definitions_no_delete BEFORE DELETE ON definitions
BEGIN SELECT RAISE(ABORT, 'deployed definitions are immutable: they cannot be deleted'); END;
CREATE TRIGGER definitions_version_in_sequence BEFORE INSERT ON definitions
WHEN NEW.version <> (SELECT coalesce(max(version), 0) + 1 FROM definitions WHERE power_code = NEW.power_code)
BEGIN SELECT RAISE(ABORT, 'definition versions are numbered 1, 2, 3... per power code without gaps'); END;

-- The event log, the truth: every change of every case, in order, never changed.
-- `version` is the case version the event belongs to: every event of one commit
-- shares it (a refused attempt carries the version it was refused at).
CREATE TABLE events (
  case_id TEXT    NOT NULL,
  seq     INTEGER NOT NULL CHECK (seq >= 1),
  version INTEGER NOT NULL CHECK (version >= 0),
  at      INTEGER NOT NULL,
  actor   TEXT    NOT NULL,
  post    TEXT    NOT NULL,
  kind    TEXT    NOT NULL CHECK (kind <> ''),
  payload TEXT    NOT NULL CHECK (json_valid(payload)),
  PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be changed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: events cannot be deleted'); END;
CREATE TRIGGER events_seq_in_sequence BEFORE INSERT ON events
WHEN NEW.seq <> (SELECT coalesce(max(seq), 0) + 1 FROM events WHERE case_id = NEW.case_id)
BEGIN SELECT RAISE(ABORT, 'event sequence numbers are 1, 2, 3... per case without gaps'); END;

-- Case numbers: the last number given out per year ("2026-000001").
CREATE TABLE case_counters (
  year INTEGER PRIMARY KEY CHECK (year BETWEEN 1 AND 9999),
  last INTEGER NOT NULL CHECK (last >= 1)
) STRICT;

-- Derived: one row per case, the state after its last committed change.
CREATE TABLE cases (
  id            TEXT    PRIMARY KEY,
  definition_id INTEGER NOT NULL REFERENCES definitions (id),
  power_code    TEXT    NOT NULL,
  party         TEXT    NOT NULL,
  opened_at     INTEGER NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
  outcome       TEXT    NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  snapshot      TEXT    NOT NULL CHECK (json_valid(snapshot)),
  updated_at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX cases_by_status_power ON cases (status, power_code, opened_at);

-- Derived: the steps of open cases waiting for an official (the worklists).
CREATE TABLE open_steps (
  case_id    TEXT    NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  step       TEXT    NOT NULL,
  post       TEXT    NOT NULL,
  department TEXT    NOT NULL,
  since      INTEGER NOT NULL,
  PRIMARY KEY (case_id, step)
) STRICT, WITHOUT ROWID;

CREATE INDEX open_steps_by_post ON open_steps (post, since, case_id);
