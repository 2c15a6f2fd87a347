package org.rdpdoctor;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.TicketReader;
import org.rdpdoctor.engine.TicketReading;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCodeTable;

/**
 * What a new session starts from. All fields may be null except that some error code must be known:
 * either {@code errorCode} or one found in {@code ticketText}; {@code errorCode} {@value
 * ErrorCodeTable#NO_CODE}, in any case, says the dialog showed none, and is kept in lower case.
 * However a request comes in (the API, the start page, an embedder), its codes, {@code host},
 * {@code ticketRef} and {@code notes} are kept without the spaces around them, and as null when
 * blank, so that a session is found by its ticket however the reference was padded, and listed with
 * its codes as the dialog shows them.
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

    public StartRequest {
        errorCode = TextLimits.trimmed(errorCode);
        extendedCode = TextLimits.trimmed(extendedCode);
        if (ErrorCodeTable.NO_CODE.equalsIgnoreCase(errorCode)) {
            errorCode = ErrorCodeTable.NO_CODE;
        }
        host = TextLimits.trimmed(host);
        ticketRef = TextLimits.trimmed(ticketRef);
        notes = TextLimits.trimmed(notes);
    }

    /**
     * The events a session started from this request begins with: its start, with the codes the
     * request lacks (null or blank) taken from the ticket text, and the evidence the text shows
     * (source {@code ticket}). A missing extended code is the one the ticket shows beside the error
     * code used, wherever the ticket names it, so that a ticket's extended code is never paired
     * with another error code.
     */
    public List<Event> events(RuleBase rules) {
        TicketReading reading =
                TicketReader.read(rules.knowledge(), ticketText == null ? "" : ticketText);
        String error = given(errorCode) ? errorCode : reading.errorCode();
        String besideIt =
                reading.errorCodes().stream()
                        .filter(c -> rules.knowledge().errorCodes().sameError(error, c))
                        .findFirst()
                        .map(reading::extendedCodeOf)
                        .orElse(null);
        List<Event> events = new ArrayList<>();
        events.add(
                new Event.Started(
                        error,
                        given(extendedCode) ? extendedCode : besideIt,
                        host,
                        ticketRef,
                        notes,
                        given(ticketText) ? ticketText : null));
        events.addAll(reading.evidence());
        return events;
    }

    /**
     * What to tell the user about what a session started from this request does not take from its
     * ticket text, in the order to tell it: the other error codes the ticket names (a session
     * diagnoses one error, so each needs a session of its own); an extended code the ticket names
     * beside FreeRDP's last error, which is the whole report, when this session diagnoses that
     * error and the request gives no extended code; and the extended code of a ticket naming no
     * error code, when this request gives an error code and no extended code, as an error code
     * given alone says the dialog showed none. The words name the request's fields as {@code
     * errorField} and {@code extendedField}, as the caller's users type them.
     *
     * @return the notes, empty when there is nothing to tell or no ticket text
     * @throws IllegalArgumentException when the request's error code does not decode
     */
    public List<String> ticketNotes(RuleBase rules, String errorField, String extendedField) {
        if (!given(ticketText)) {
            return List.of();
        }
        TicketReading reading = TicketReader.read(rules.knowledge(), ticketText);
        ErrorCodeTable table = rules.knowledge().errorCodes();
        String diagnosed = given(errorCode) ? errorCode : reading.errorCode();
        List<String> notes = new ArrayList<>();
        List<String> others =
                reading.errorCodes().stream()
                        .filter(other -> !table.sameError(diagnosed, other))
                        .map(reading::withItsExtendedCode)
                        .toList();
        if (!others.isEmpty()) {
            notes.add(
                    "The ticket also names %s: this session diagnoses %s; start another for each."
                            .formatted(
                                    String.join(", ", others),
                                    table.decodeDisconnect(diagnosed).named()));
        }
        if (reading.setAsideExtendedCode() != null
                && !given(extendedCode)
                && table.sameError(diagnosed, reading.errorCode())) {
            notes.add(setAside(reading.setAsideExtendedCode(), reading.errorCode()));
        }
        untakenExtended(reading, table, errorField, extendedField).ifPresent(notes::add);
        return notes;
    }

    /**
     * The note on the extended code of a ticket that names no error code, when this request gives
     * an error code and no extended code, or empty.
     */
    private Optional<String> untakenExtended(
            TicketReading reading, ErrorCodeTable table, String errorField, String extendedField) {
        String ticketExtended = reading.extendedCode();
        if (!given(errorCode)
                || given(extendedCode)
                || reading.errorCode() != null
                || ticketExtended == null) {
            return Optional.empty();
        }
        DecodedCode error = table.decodeDisconnect(errorCode);
        if (error.isNone()) {
            return Optional.of(
                    "The ticket also names the extended code %s: it was not taken, as the dialog"
                                    .formatted(ticketExtended)
                            + " showed no error code.");
        }
        if (error.contradictedBy(table.decodeExtended(ticketExtended))) {
            return Optional.of(setAside(ticketExtended, error.shown()));
        }
        return Optional.of(
                ("The ticket also names the extended code %s, but no error code: it was not"
                                + " taken with %s %s; give %s %s if the dialog showed it.")
                        .formatted(
                                ticketExtended,
                                errorField,
                                error.shown(),
                                extendedField,
                                ticketExtended));
    }

    /**
     * Tells that the extended code a ticket names was not taken, as the error code {@code error}
     * contradicts it.
     */
    private static String setAside(String extendedCode, String error) {
        return ("The ticket also names the extended code %s, which %s contradicts (FreeRDP's last"
                        + " error is the whole report): it was not taken.")
                .formatted(extendedCode, error);
    }

    private static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    /** A request with only the two codes. */
    public static StartRequest of(String errorCode, String extendedCode) {
        return new StartRequest(errorCode, extendedCode, null, null, null, null);
    }

    /**
     * The SHA-256, in hex, of the fields as a JSON array in their order (null as null), as tidied:
     * the same for the same request however its JSON was spaced or its ticket reference padded,
     * which a retry with the same idempotency key must match. Stored with the key, so the form
     * stays as it is.
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
