-- The status of the diagnosis (asking, diagnosed, exhausted, solved) after a session's last write,
-- for listings, with the event count it was written at: a server of an earlier version that shares
-- the database writes events without it, and a status of an older count is not the session's.
ALTER TABLE sessions ADD COLUMN state_status VARCHAR(16);
ALTER TABLE sessions ADD COLUMN state_status_at INTEGER;
