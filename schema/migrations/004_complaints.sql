-- 004_complaints: complaints about cases (issue 5 item 6, docs/complaints.md).
--
-- A complaint is an ordinary case of a complaint process whose `opened` event carries
-- "complaint_of" (the original case), "channel" and "text". The link lives in the event log
-- only, so there is nothing to rebuild: this index makes "the complaints of case X" a lookup.
-- Queries must spell the expression exactly as here to use it.
CREATE INDEX events_complaint_of ON events (json_extract(payload, '$.complaint_of'))
WHERE kind = 'opened';
