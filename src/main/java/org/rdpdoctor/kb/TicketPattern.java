package org.rdpdoctor.kb;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A phrase the ticket reader looks for in the text a user pasted into a helpdesk ticket, and what
 * finding it gives: evidence ({@code yields.kind} and {@code yields.value}) or one of the start
 * codes ({@code yields.code}, with the code in the pattern's only capture group).
 *
 * @param provider for an event's id, the name of the provider that logs it (part of it will do,
 *     {@code TerminalServices-RemoteConnectionManager}); null when any may. Other providers log the
 *     same numbers (Group Policy's 1058 is a failed {@code gpt.ini} read), so a match whose event
 *     record names another provider ({@code Source: Microsoft-Windows-GroupPolicy}) is not taken.
 */
public record TicketPattern(
        String id, String pattern, Yield yields, String provider, List<String> sources) {
    /** {@code yields.code} for the client's "Error code" (the disconnect reason). */
    public static final String ERROR = "error";

    /** {@code yields.code} for the client's "Extended error code". */
    public static final String EXTENDED = "extended";

    public TicketPattern {
        sources = Copies.list(sources);
    }

    /**
     * What a match gives: either {@code kind} and {@code value} (evidence), or {@code code} ({@link
     * #ERROR} or {@link #EXTENDED}); the other fields are null.
     */
    public record Yield(String kind, String value, String code) {}

    /**
     * Compiles {@link #pattern()} as the reader matches it: case-insensitively.
     *
     * @throws java.util.regex.PatternSyntaxException when it is not a valid regular expression
     */
    public Pattern compile() {
        return Pattern.compile(pattern, Pattern.CASE_INSENSITIVE);
    }
}
