-- The status of the diagnosis (asking, diagnosed, exhausted, solved) after a session's last write,
-- for listings; null for a session last written before it was kept.
ALTER TABLE sessions ADD COLUMN state_status VARCHAR(16);
