-- 006_timer_hold: a timer that cannot fire is set aside until its case changes (issue 6 item 6).
--
-- A timer whose effect cannot be decided (a deemed outcome leading into a choice on a field
-- never set, a condition dividing by zero) used to be retried, and fail, at every tick: hundreds
-- of them made every tick slow and every cron run exit 1. The tick now records the case version
-- at which it failed and why; the timer is not tried again until the case's version moves (an
-- official acts, the clock is extended…), and `timers list` shows it with the reason.
ALTER TABLE timers ADD COLUMN held_version INTEGER;
ALTER TABLE timers ADD COLUMN held_reason TEXT NOT NULL DEFAULT '';
