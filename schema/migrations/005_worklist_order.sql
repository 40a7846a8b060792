-- 005_worklist_order: the worklist in urgency order, one page at a time (issue 6 item 6).
--
-- A post can hold thousands of open steps; a screen shows the most urgent ones. Each open step
-- now carries the key the worklist sorts by, so a page is read from one index without touching
-- `cases` (whose rows hold the snapshots): `urgency` is the step's deadline, else its case's
-- (the case limit while the clock runs), else the largest integer (no deadline: last), and
-- `opened_at` is the case's opening time (ties in opening order, as before). Both are derived
-- like the rest of the row: every commit rewrites them, `sunlit admin rebuild` recomputes them.

ALTER TABLE open_steps ADD COLUMN urgency INTEGER NOT NULL DEFAULT 9223372036854775807;
ALTER TABLE open_steps ADD COLUMN opened_at INTEGER NOT NULL DEFAULT 0;

UPDATE open_steps SET
  urgency = COALESCE(due_at, (SELECT c.due_at FROM cases c WHERE c.id = open_steps.case_id), 9223372036854775807),
  opened_at = COALESCE((SELECT c.opened_at FROM cases c WHERE c.id = open_steps.case_id), 0);

CREATE INDEX open_steps_by_post_urgency ON open_steps (post, urgency, opened_at, case_id, since, step);
