package org.rdpdoctor.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of sessions listed newest first ended: the last session's update time and id. The
 * next page holds the sessions updated before it, and those updated at the same time with a greater
 * id. No session is listed twice, however the pages are read; one updated while they are read moves
 * ahead of the cursor, so a client that wants it reads the first page again.
 */
public record SessionCursor(Instant updatedAt, String id) {
    public SessionCursor {
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor after {@code last}, the last session of a page. */
    public static SessionCursor after(SessionSummary last) {
        return new SessionCursor(last.updatedAt(), last.id());
    }
}
