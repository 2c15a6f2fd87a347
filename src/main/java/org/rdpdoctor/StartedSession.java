package org.rdpdoctor;

import java.util.Objects;

/**
 * A session started with an idempotency key: the new one, or, when the key had started one for the
 * same request already ({@code replayed}), that one as it is now.
 */
public record StartedSession(SessionView session, boolean replayed) {
    public StartedSession {
        Objects.requireNonNull(session, "session");
    }
}
