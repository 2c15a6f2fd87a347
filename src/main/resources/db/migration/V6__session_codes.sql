-- The codes a session started from, as typed, for listings: two sessions of one ticket (two users,
-- two errors) are told apart by them. A session started before they were kept has none.
ALTER TABLE sessions ADD COLUMN error_code VARCHAR(32);
ALTER TABLE sessions ADD COLUMN extended_code VARCHAR(32);
