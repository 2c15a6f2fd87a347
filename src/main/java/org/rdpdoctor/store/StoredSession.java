package org.rdpdoctor.store;

import java.util.List;
import java.util.Objects;
import org.rdpdoctor.engine.Event;

/** A session's metadata and its whole event log, in order. */
public record StoredSession(SessionSummary summary, List<StoredEvent> log) {
    public StoredSession {
        Objects.requireNonNull(summary, "summary");
        log = List.copyOf(log);
    }

    /** The events alone, ready for replay. */
    public List<Event> events() {
        return log.stream().map(StoredEvent::event).toList();
    }
}
