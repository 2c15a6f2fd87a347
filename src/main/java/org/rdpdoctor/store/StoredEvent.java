package org.rdpdoctor.store;

import java.time.Instant;
import java.util.Objects;
import org.rdpdoctor.engine.Event;

/** One event of a session's log: its 1-based sequence number, when it was recorded, and what. */
public record StoredEvent(int seq, Instant at, Event event) {
    public StoredEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
    }
}
