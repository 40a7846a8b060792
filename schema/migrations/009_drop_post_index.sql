-- Migration 009 (issue 3): drop open_steps_by_post (post, since, case_id) from migration 001.
-- Since migration 005 every worklist query by post reads open_steps_by_post_urgency (post,
-- urgency, opened_at, case_id, since, step), which starts with the same column and covers those
-- queries; the old index was only written, at every change of a case's open steps (one b-tree
-- update and about one WAL page per durable advance).
DROP INDEX IF EXISTS open_steps_by_post;
