package org.rdpdoctor;

import java.time.Instant;
import java.util.List;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.store.SessionStatus;
import org.rdpdoctor.store.StoredEvent;

/**
 * A stored session as clients see it: its metadata, its event log and its state (the same object
 * the {@code diagnose} command prints).
 *
 * @param eventCount the number of events; send it back as the expected count to detect concurrent
 *     changes
 */
public record SessionView(
        String id,
        String ticketRef,
        SessionStatus status,
        String knowledgeVersion,
        int eventCount,
        Instant createdAt,
        Instant updatedAt,
        List<StoredEvent> events,
        DiagnosisState state) {
    public SessionView {
        events = List.copyOf(events);
    }
}
