package org.rdpdoctor.store;

import java.time.Instant;

/**
 * A session's metadata. {@code ticketRef} and {@code leadingCause} may be null; {@code errorCode}
 * and {@code extendedCode} are the codes it started from, as typed, null when it had none or
 * started before they were kept; {@code stateStatus} is the diagnosis's status after the last write
 * (asking, diagnosed, exhausted, solved), and {@code guess} whether that diagnosis was only a
 * guess, each null for a session last written before it was kept; {@code eventCount} is the
 * sequence number of its last event.
 */
public record SessionSummary(
        String id,
        String ticketRef,
        String errorCode,
        String extendedCode,
        SessionStatus status,
        String knowledgeVersion,
        String leadingCause,
        String stateStatus,
        Boolean guess,
        int eventCount,
        Instant createdAt,
        Instant updatedAt) {}
