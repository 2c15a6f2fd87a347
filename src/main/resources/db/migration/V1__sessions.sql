CREATE TABLE sessions (
    id                VARCHAR(64)  PRIMARY KEY,
    ticket_ref        VARCHAR(200),
    status            VARCHAR(16)  NOT NULL,
    knowledge_version VARCHAR(64)  NOT NULL,
    leading_cause     VARCHAR(100),
    event_count       INTEGER      NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sessions_ticket_ref ON sessions (ticket_ref);
CREATE INDEX sessions_updated_at ON sessions (updated_at);

CREATE TABLE session_events (
    session_id  VARCHAR(64) NOT NULL REFERENCES sessions (id),
    seq         INTEGER     NOT NULL,
    type        VARCHAR(32) NOT NULL,
    body        TEXT        NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE TABLE fix_outcomes (
    session_id        VARCHAR(64)  NOT NULL REFERENCES sessions (id),
    seq               INTEGER      NOT NULL,
    fix_id            VARCHAR(100) NOT NULL,
    worked            BOOLEAN      NOT NULL,
    leading_cause     VARCHAR(100),
    knowledge_version VARCHAR(64)  NOT NULL,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, seq)
);
