package org.rdpdoctor.engine;

import java.util.List;
import java.util.Objects;

/**
 * What the ticket reader found in a ticket's text: the codes as typed (null when not found; a
 * FreeRDP connection error named without its code is given as that code, {@code 0x00020008}),
 * evidence with source {@code ticket} and the matched phrase as detail, ready to add to a session,
 * and the other error codes the ticket names (in the same form, one per value, in the order found),
 * which a session started from it does not diagnose: what their rows tell (such as a failed TLS
 * handshake) comes from another report, and is not taken either.
 *
 * @param setAsideExtendedCode an extended code the ticket names that its error code contradicts:
 *     FreeRDP's last error is the whole report (class 1 carries the server's reason, class 2 has
 *     none), so another extended code comes from another report and is not taken (null when none)
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
