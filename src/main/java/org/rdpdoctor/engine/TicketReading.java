package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the ticket reader found in a ticket's text: the codes as typed (null when not found),
 * evidence with source {@code ticket} and the matched phrase as detail, ready to add to a session,
 * and the other error codes the ticket names (as typed, one per value, in the order found), which a
 * session started from it does not diagnose.
 *
 * @param setAsideExtendedCode an extended code the ticket names that its error code, FreeRDP's
 *     report of another server reason, contradicts: it comes from another report and is not taken
 *     (null when none)
 */
public record TicketReading(
        String errorCode,
        String extendedCode,
        List<Event.EvidenceAdded> evidence,
        List<String> otherErrorCodes,
        String setAsideExtendedCode) {
    public TicketReading {
        Objects.requireNonNull(evidence, "evidence");
        evidence = List.copyOf(evidence);
        otherErrorCodes = List.copyOf(otherErrorCodes);
    }
}
