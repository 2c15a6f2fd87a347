package org.rdpdoctor;

/**
 * What a new session starts from. All fields may be null except that some error code must be known:
 * either {@code errorCode} or one found in {@code ticketText}.
 *
 * @param ticketText the ticket's free text; codes, messages and event ids found in it become
 *     evidence with source {@code ticket}, and the text itself is kept in the session's start event
 */
public record StartRequest(
        String errorCode,
        String extendedCode,
        String host,
        String ticketRef,
        String notes,
        String ticketText) {

    /** A request with only the two codes. */
    public static StartRequest of(String errorCode, String extendedCode) {
        return new StartRequest(errorCode, extendedCode, null, null, null, null);
    }
}
