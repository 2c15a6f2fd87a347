package org.rdpdoctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.rdpdoctor.engine.Json;

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

    /**
     * The SHA-256, in hex, of the fields as a JSON array in their order (null as null): the same
     * for the same request however its JSON was spaced, which a retry with the same idempotency key
     * must match. Stored with the key, so the form stays as it is.
     */
    String digest() {
        try {
            byte[] fields =
                    Json.compact()
                            .writeValueAsBytes(
                                    Arrays.asList(
                                            errorCode,
                                            extendedCode,
                                            host,
                                            ticketRef,
                                            notes,
                                            ticketText));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("texts can always be written as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
