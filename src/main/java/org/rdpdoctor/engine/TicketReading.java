package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the ticket reader found in a ticket's text: the codes as typed (null when not found) and
 * evidence with source {@code ticket} and the matched phrase as detail, ready to add to a session.
 */
public record TicketReading(
        String errorCode, String extendedCode, List<Event.EvidenceAdded> evidence) {
    public TicketReading {
        Objects.requireNonNull(evidence, "evidence");
        evidence = List.copyOf(evidence);
    }
}
