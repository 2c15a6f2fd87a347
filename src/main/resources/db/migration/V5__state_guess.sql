-- Whether the diagnosis after a session's last write was only a guess (the codes alone, or nothing,
-- spoke for its leading cause), with the event count it was written at: a server of an earlier
-- version that shares the database writes the status without it, and a guess of an older count is
-- not the session's.
ALTER TABLE sessions ADD COLUMN state_guess BOOLEAN;
ALTER TABLE sessions ADD COLUMN state_guess_at INTEGER;
