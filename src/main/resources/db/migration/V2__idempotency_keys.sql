-- The Idempotency-Key of each session started with one, kept as long as the session. The primary
-- key makes one key start one session, also across servers that share the database.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    VARCHAR(64)  NOT NULL,
    session_id      VARCHAR(64)  NOT NULL REFERENCES sessions (id),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
