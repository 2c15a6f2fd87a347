package org.rdpdoctor.web;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.rdpdoctor.engine.TicketReader;
import org.rdpdoctor.engine.TicketReading;
import org.rdpdoctor.kb.DecodedCode;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.KnowledgeBase;

/**
 * The codes a session started from the start form begins with, where the form's codes meet those
 * the ticket text names, and the note that tells the agent how they met. Codes typed win over the
 * ticket's; the ticket's win over the preset 0x904 / 0x7, unless the ticket names 0x904 among its
 * errors, which the preset then takes with the extended code beside it. An extended code goes with
 * the error code it was given with: a ticket naming the form's error code and no extended code
 * keeps the form's.
 *
 * @param note what the page says about the ticket's codes, or null when the ticket names none
 */
record StartCodes(String errorCode, String extendedCode, String note) {
    static final String PRESET_ERROR = "0x904";
    static final String PRESET_EXTENDED = "0x7";

    /** What the form's choice of codes says, when nothing is typed in the code fields. */
    enum Choice {
        /** The preset pair 0x904 / 0x7. */
        PRESET,
        /** The dialog showed no code. */
        NO_CODE,
        /** The codes typed, if any. */
        TYPED;

        /** The choice a form makes with its {@code pair} field and the codes typed, if any. */
        static Choice of(String pair, String typedError, String typedExtended) {
            if (typedError != null || typedExtended != null) {
                return TYPED;
            }
            return switch (pair == null ? "" : pair) {
                case "0x904/0x7" -> PRESET;
                case ErrorCodeTable.NO_CODE -> NO_CODE;
                default -> TYPED;
            };
        }
    }

    /** Merges the form's codes with the ticket's. */
    static StartCodes of(
            KnowledgeBase kb,
            String typedError,
            String typedExtended,
            Choice choice,
            String ticketText) {
        Objects.requireNonNull(kb, "kb");
        TicketReading ticket = TicketReader.read(kb, ticketText == null ? "" : ticketText);
        String ticketError = ticket.errorCode();
        String ticketExtended = ticket.extendedCode();
        Codes read = new Codes(kb);
        StartCodes codes;
        if (choice == Choice.PRESET) {
            // A ticket naming the preset's error beside another is read at the preset's error: the
            // agent left the pair the ticket also shows, and the other needs a session of its own.
            String named =
                    ticket.errorCodes().stream()
                            .filter(c -> read.sameError(PRESET_ERROR, c))
                            .findFirst()
                            .orElse(ticketError);
            codes =
                    ofPreset(
                            kb,
                            named,
                            named == null ? ticketExtended : ticket.extendedCodeOf(named));
        } else if (choice == Choice.NO_CODE) {
            // The agent saw the dialog: codes the ticket names are another attempt's.
            codes =
                    new StartCodes(
                            ErrorCodeTable.NO_CODE,
                            null,
                            ticketError == null && ticketExtended != null
                                    ? "The ticket text names the extended code "
                                            + read.extended(ticketExtended)
                                            + " but no error code: it was not taken, as the"
                                            + " dialog showed no code."
                                    : null);
        } else if (ticketError == null && ticketExtended == null) {
            codes = new StartCodes(typedError, typedExtended, null);
        } else if (typedError != null
                && ticket.otherErrorCodes().stream().anyMatch(c -> read.sameError(typedError, c))) {
            // The ticket names the error typed beside another it names first: the typed one is
            // this session's, and the other needs a session of its own. Without an extended code
            // typed, the session takes the one the ticket shows beside it (StartRequest.events).
            String besideIt =
                    ticket.otherErrorCodes().stream()
                            .filter(c -> read.sameError(typedError, c))
                            .findFirst()
                            .map(ticket::extendedCodeOf)
                            .orElse(null);
            codes =
                    new StartCodes(
                            typedError,
                            typedExtended,
                            typedExtended != null || besideIt == null
                                    ? null
                                    : "The ticket text shows the extended code "
                                            + read.extended(besideIt)
                                            + " beside "
                                            + read.error(typedError)
                                            + ", so it was taken with it.");
        } else {
            codes = ofTyped(kb, typedError, typedExtended, ticketError, ticketExtended);
        }
        return codes.settingAside(kb, ticket.errorCode(), ticket.setAsideExtendedCode());
    }

    /**
     * The error codes a session's ticket names besides the session's own, each with the extended
     * code the ticket shows beside it: a session diagnoses one error, so the page tells the agent
     * and offers to start a session for each.
     *
     * @param note what the page says, or null when the ticket names no other error code
     * @param others each other error code with its extended code (null when the ticket shows none)
     *     and the two as the page shows them
     */
    record AlsoNamed(String note, List<Other> others) {
        record Other(String errorCode, String extendedCode, String shown) {}

        static AlsoNamed of(KnowledgeBase kb, String ticketText, String errorCode) {
            Objects.requireNonNull(kb, "kb");
            if (ticketText == null || errorCode == null) {
                return new AlsoNamed(null, List.of());
            }
            TicketReading ticket = TicketReader.read(kb, ticketText);
            Codes codes = new Codes(kb);
            List<Other> others =
                    ticket.errorCodes().stream()
                            .filter(c -> !codes.sameError(errorCode, c))
                            .map(c -> other(codes, c, ticket.extendedCodeOf(c)))
                            .toList();
            if (others.isEmpty()) {
                return new AlsoNamed(null, List.of());
            }
            String note =
                    "The ticket text also names the error code"
                            + (others.size() == 1 ? " " : "s ")
                            + String.join(", ", others.stream().map(Other::shown).toList())
                            + "; this session diagnoses "
                            + codes.error(errorCode)
                            + ", so start another session for "
                            + (others.size() == 1 ? "it." : "each of them.");
            return new AlsoNamed(note, others);
        }

        private static Other other(Codes codes, String error, String extended) {
            return new Other(
                    error,
                    extended,
                    extended == null
                            ? codes.error(error)
                            : codes.error(error) + " / " + codes.extended(extended));
        }
    }

    /**
     * These codes with a note on the extended code the ticket names beside FreeRDP's last error,
     * which is the whole report, when this session takes that error code: the reader did not take
     * it.
     */
    private StartCodes settingAside(KnowledgeBase kb, String ticketError, String setAside) {
        Codes codes = new Codes(kb);
        if (setAside == null || !codes.sameError(errorCode, ticketError)) {
            return this;
        }
        String aside =
                "The ticket text also names the extended code "
                        + codes.extended(setAside)
                        + ", which "
                        + codes.error(ticketError)
                        + " contradicts: FreeRDP's last error is the whole report, so it was not"
                        + " taken.";
        return noting(aside);
    }

    /** These codes with {@code more} said after the note. */
    private StartCodes noting(String more) {
        return new StartCodes(errorCode, extendedCode, note == null ? more : note + " " + more);
    }

    /** The ticket's codes win over the preset; the preset's extended code stays with 0x904. */
    private static StartCodes ofPreset(
            KnowledgeBase kb, String ticketError, String ticketExtended) {
        Codes codes = new Codes(kb);
        if (ticketError == null) {
            return new StartCodes(
                    PRESET_ERROR,
                    PRESET_EXTENDED,
                    ticketExtended == null
                            ? null
                            : "The ticket text names the extended code "
                                    + codes.extended(ticketExtended)
                                    + " but no error code; the preset 0x904 / 0x7 was used.");
        }
        if (!codes.sameError(PRESET_ERROR, ticketError)) {
            return new StartCodes(
                    ticketError,
                    ticketExtended,
                    "The codes were read from the ticket text ("
                            + codes.error(ticketError)
                            + (ticketExtended == null ? "" : " / " + codes.extended(ticketExtended))
                            + "), not taken from the preset 0x904 / 0x7.");
        }
        String confirmed = "The ticket text confirms the error code " + codes.error(ticketError);
        if (ticketExtended == null) {
            return new StartCodes(
                    PRESET_ERROR,
                    PRESET_EXTENDED,
                    confirmed + "; it names no extended code, so the preset's 0x7 was kept.");
        }
        if (codes.sameExtended(PRESET_EXTENDED, ticketExtended)) {
            return new StartCodes(
                    PRESET_ERROR,
                    PRESET_EXTENDED,
                    "The ticket text agrees with the preset: 0x904 / 0x7.");
        }
        return new StartCodes(
                PRESET_ERROR,
                ticketExtended,
                confirmed
                        + "; the extended code was read from it ("
                        + codes.extended(ticketExtended)
                        + "), not taken from the preset 0x7.");
    }

    /**
     * Typed codes win over the ticket's; a missing one is taken from the ticket only where it goes
     * with the error code used, as {@code RdpDoctor.start} does.
     */
    private static StartCodes ofTyped(
            KnowledgeBase kb,
            String typedError,
            String typedExtended,
            String ticketError,
            String ticketExtended) {
        Codes codes = new Codes(kb);
        if (typedError == null) {
            if (ticketError == null) {
                return new StartCodes(null, typedExtended, null);
            }
            String read =
                    "The error code was read from the ticket text ("
                            + codes.error(ticketError)
                            + ")";
            if (ticketExtended == null) {
                return new StartCodes(ticketError, typedExtended, read + ".");
            }
            if (typedExtended == null) {
                return new StartCodes(
                        ticketError,
                        ticketExtended,
                        read
                                + ", and so was the extended code ("
                                + codes.extended(ticketExtended)
                                + ").");
            }
            return new StartCodes(
                    ticketError,
                    typedExtended,
                    read + extendedKept(codes, typedExtended, ticketExtended));
        }
        if (ticketError == null || !codes.sameError(typedError, ticketError)) {
            String named =
                    ticketError == null
                            ? "the extended code "
                                    + codes.extended(ticketExtended)
                                    + " but no error code"
                            : codes.error(ticketError)
                                    + (ticketExtended == null
                                            ? ""
                                            : " / " + codes.extended(ticketExtended));
            String used =
                    typedExtended == null
                            ? "the error code typed, " + codes.error(typedError) + ", was used"
                            : "the codes typed, "
                                    + codes.error(typedError)
                                    + " / "
                                    + codes.extended(typedExtended)
                                    + ", were used";
            return new StartCodes(
                    typedError,
                    typedExtended,
                    "The ticket text names " + named + "; " + used + ".");
        }
        String confirmed = "The ticket text confirms the error code " + codes.error(ticketError);
        if (ticketExtended == null) {
            return new StartCodes(typedError, typedExtended, confirmed + ".");
        }
        if (typedExtended == null) {
            return new StartCodes(
                    typedError,
                    ticketExtended,
                    confirmed
                            + "; the extended code was read from it ("
                            + codes.extended(ticketExtended)
                            + ").");
        }
        if (codes.sameExtended(typedExtended, ticketExtended)) {
            return new StartCodes(
                    typedError,
                    typedExtended,
                    "The ticket text agrees with the codes typed: "
                            + codes.error(typedError)
                            + " / "
                            + codes.extended(typedExtended)
                            + ".");
        }
        return new StartCodes(
                typedError,
                typedExtended,
                confirmed + extendedKept(codes, typedExtended, ticketExtended));
    }

    private static String extendedKept(Codes codes, String typedExtended, String ticketExtended) {
        return codes.sameExtended(typedExtended, ticketExtended)
                ? "; its extended code agrees with the one typed."
                : "; it names the extended code "
                        + codes.extended(ticketExtended)
                        + ", but the one typed, "
                        + codes.extended(typedExtended)
                        + ", was used.";
    }

    /** Codes compared and shown by value, as the dialog writes them: 2308 is shown 0x904 (2308). */
    private record Codes(KnowledgeBase kb) {
        boolean sameError(String a, String b) {
            return kb.errorCodes().sameError(a, b);
        }

        boolean sameExtended(String a, String b) {
            return kb.errorCodes().sameExtended(a, b);
        }

        String error(String code) {
            return shown(code, kb.errorCodes()::decodeDisconnect);
        }

        String extended(String code) {
            return shown(code, kb.errorCodes()::decodeExtended);
        }

        private static String shown(String code, Function<String, DecodedCode> decode) {
            try {
                DecodedCode decoded = decode.apply(code);
                if (decoded.isNone()) {
                    return decoded.named();
                }
                String shown = decoded.shown();
                return shown.equalsIgnoreCase(code) ? shown : shown + " (" + code + ")";
            } catch (IllegalArgumentException e) {
                return code;
            }
        }
    }
}
