package org.rdpdoctor.store;

import java.time.Instant;

/**
 * A session's metadata. {@code ticketRef} and {@code leadingCause} may be null; {@code eventCount}
 * is the sequence number of its last event.
 */
public record SessionSummary(
        String id,
        String ticketRef,
        SessionStatus status,
        String knowledgeVersion,
        String leadingCause,
        int eventCount,
        Instant createdAt,
        Instant updatedAt) {}
