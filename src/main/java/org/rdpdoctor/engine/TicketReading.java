package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param otherExtendedCodes for each of {@code otherErrorCodes} that the ticket shows with an
 *     extended code (written after it and before the next error code, as a dialog shows the two),
 *     that extended code: what a session for that error starts from
 */
public record TicketReading(
        String errorCode,
        String extendedCode,
        List<Event.EvidenceAdded> evidence,
        List<String> otherErrorCodes,
        String setAsideExtendedCode,
        Map<String, String> otherExtendedCodes) {
    public TicketReading {
        Objects.requireNonNull(evidence, "evidence");
        evidence = List.copyOf(evidence);
        otherErrorCodes = List.copyOf(otherErrorCodes);
        otherExtendedCodes = Collections.unmodifiableMap(new LinkedHashMap<>(otherExtendedCodes));
    }

    /** Every error code the ticket names: {@code errorCode} first, then {@code otherErrorCodes}. */
    public List<String> errorCodes() {
        List<String> all = new ArrayList<>();
        if (errorCode != null) {
            all.add(errorCode);
        }
        all.addAll(otherErrorCodes);
        return all;
    }

    /** The extended code the ticket shows beside one of its {@link #errorCodes}, or null. */
    public String extendedCodeOf(String code) {
        return code.equals(errorCode) ? extendedCode : otherExtendedCodes.get(code);
    }

    /**
     * One of the ticket's {@link #errorCodes} with the extended code it shows beside it, as {@code
     * 0x3 / 0x5}, or alone when it shows none.
     */
    public String withItsExtendedCode(String code) {
        String extended = extendedCodeOf(code);
        return extended == null ? code : code + " / " + extended;
    }
}
