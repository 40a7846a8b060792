-- 007_definition_cache: each deployed definition version, loaded, in a compact binary form (issue 3).
--
-- Every command is a short process, and loading a stored version from its YAML (parse, validate)
-- was most of a `case advance`. The body is engine/definition_codec.cpp's encoding of the
-- version's Process and Organisation, in format `format`; a process decodes it instead. It is
-- derived data like the snapshots, never part of the audit chain: a missing, stale (another
-- format) or damaged row is rebuilt from the stored YAML, and `sunlit admin rebuild` clears it.
CREATE TABLE definition_cache (
  definition_id INTEGER PRIMARY KEY REFERENCES definitions(id),
  format INTEGER NOT NULL,
  body BLOB NOT NULL
);
