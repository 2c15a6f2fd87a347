package org.rdpdoctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;

/**
 * The free text a caller may give a session, with the HTTP API's limits: an embedder cannot store
 * what the API refuses, such as a ticket reference with a line break (which would start lines of
 * its own in a transcript), the NUL character (which PostgreSQL cannot store) or megabytes that
 * every later read of the session carries.
 */
public final class TextLimits {
    /** The most characters of an error code as typed. */
    public static final int CODE_MAX = 32;

    /** The most characters of a host name (DNS allows 253). */
    public static final int HOST_MAX = 253;

    /**
     * The most characters of a ticket reference; its column is twice as wide, as H2 counts UTF-16
     * units, two for an emoji.
     */
    public static final int TICKET_REF_MAX = 200;

    /** The most characters of notes and of a ticket's text. */
    public static final int TEXT_MAX = 100_000;

    /** The most characters of an evidence's detail. */
    public static final int DETAIL_MAX = 2_000;

    /**
     * The most characters of an id an event names (a question, an option, a fix, an evidence kind,
     * value or source); the knowledge's own ids are far shorter, and a refusal would otherwise
     * quote the whole of what was sent.
     */
    public static final int ID_MAX = 200;

    private TextLimits() {}

    /**
     * Checks the text of a new session.
     *
     * @throws InvalidEventException naming the first field that breaks a limit
     */
    static void check(StartRequest request) {
        problems(request).entrySet().stream()
                .findFirst()
                .ifPresent(
                        p -> {
                            throw new InvalidEventException(p.getKey(), p.getValue());
                        });
    }

    /**
     * What is wrong with the text of a new session, field by field in the form's order, each
     * field's first problem: empty when nothing is, so that a form can tell every field at fault at
     * once. Its ticket reference also holds no invisible formatting character (a zero-width space,
     * a byte order mark, a soft hyphen: Unicode's category Cf), which text pasted from a mail or a
     * chat may carry: sessions are found by their reference exactly, so one with such a character
     * would not be found by the reference as it reads. Stored sessions are not held to this, so
     * that they replay as they were written.
     */
    public static Map<String, String> problems(StartRequest request) {
        Map<String, String> problems = new LinkedHashMap<>();
        List<Runnable> checks = new ArrayList<>(startChecks(started(request)));
        checks.add(() -> visibleOnly("ticketRef", request.ticketRef()));
        for (Runnable check : checks) {
            try {
                check.run();
            } catch (InvalidEventException e) {
                problems.putIfAbsent(e.field(), e.reason());
            }
        }
        return problems;
    }

    private static Event.Started started(StartRequest request) {
        return new Event.Started(
                request.errorCode(),
                request.extendedCode(),
                request.host(),
                request.ticketRef(),
                request.notes(),
                request.ticketText());
    }

    /** The checks of a start's fields, one per field, in the start form's order. */
    private static List<Runnable> startChecks(Event.Started s) {
        return List.of(
                () -> line("errorCode", s.errorCode(), CODE_MAX),
                () -> line("extendedCode", s.extendedCode(), CODE_MAX),
                () -> line("host", s.host(), HOST_MAX),
                () -> line("ticketRef", s.ticketRef(), TICKET_REF_MAX),
                () -> text("notes", s.notes(), TEXT_MAX),
                () -> text("ticketText", s.ticketText(), TEXT_MAX));
    }

    /** Refuses an invisible formatting character (category Cf) in {@code value}. */
    private static void visibleOnly(String field, String value) {
        int[] points = value == null ? new int[0] : value.codePoints().toArray();
        for (int i = 0; i < points.length; i++) {
            if (Character.getType(points[i]) == Character.FORMAT) {
                throw new InvalidEventException(
                        field,
                        "has the invisible character U+%04X at character %d; sessions are found by their ticket reference exactly, so remove it"
                                .formatted(points[i], i + 1));
            }
        }
    }

    /**
     * Checks the text of a new event: the codes, host, ticket reference, notes and ticket text of a
     * start, and the ids an event names and the detail of evidence, each held to one line (a probe
     * writes out the line breaks and overrides that the words of the server it measured hold, with
     * {@link OneLine#field}).
     *
     * @throws InvalidEventException naming the first field that breaks a limit
     */
    public static void check(Event event) {
        check(event, true);
    }

    /**
     * Checks the text of a stored event, as {@link #check(Event)} but for an evidence's detail,
     * which is held only to its length and the NUL character: sessions stored before 2026-12-07 may
     * hold details with line breaks and tabs, and their events must replay.
     *
     * @throws InvalidEventException naming the first field that breaks a limit
     */
    public static void checkStored(Event event) {
        check(event, false);
    }

    private static void check(Event event, boolean detailOnOneLine) {
        if (event instanceof Event.Started s) {
            startChecks(s).forEach(Runnable::run);
        } else if (event instanceof Event.Answered a) {
            line("questionId", a.questionId(), ID_MAX);
            line("optionId", a.optionId(), ID_MAX);
        } else if (event instanceof Event.Withdrawn w) {
            line("questionId", w.questionId(), ID_MAX);
        } else if (event instanceof Event.EvidenceAdded e) {
            line("kind", e.kind(), ID_MAX);
            line("value", e.value(), ID_MAX);
            line("source", e.source(), ID_MAX);
            if (detailOnOneLine) {
                line("detail", e.detail(), DETAIL_MAX);
            } else {
                text("detail", e.detail(), DETAIL_MAX);
            }
        } else if (event instanceof Event.EvidenceWithdrawn e) {
            line("kind", e.kind(), ID_MAX);
            line("source", e.source(), ID_MAX);
        } else if (event instanceof Event.FixTried f) {
            line("fixId", f.fixId(), ID_MAX);
        }
    }

    /**
     * A text field as a session keeps it: without the spaces around it, and null when blank.
     *
     * @return the value so tidied
     */
    public static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * A one-line field (may be null): limited as {@link #text}, without control characters (a line
     * break, a tab, an escape) or the line and paragraph separators (U+2028, U+2029), which would
     * start lines of their own where it is shown, and without the bidirectional embeddings,
     * overrides and isolates (U+202A–U+202E, U+2066–U+2069), which would show it, and what follows
     * it on its line, in another order than it was written (CVE-2021-42574). Right-to-left letters
     * themselves are fine.
     *
     * @return the value
     * @throws InvalidEventException naming {@code field} when it breaks a limit
     */
    public static String line(String field, String value, int max) {
        text(field, value, max);
        if (value == null) {
            return null;
        }
        if (value.chars().anyMatch(TextLimits::breaksLine)) {
            throw new InvalidEventException(
                    field,
                    "must be one line, without control characters such as line breaks or tabs");
        }
        value.chars()
                .filter(TextLimits::isBidiFormatting)
                .findFirst()
                .ifPresent(
                        c -> {
                            throw new InvalidEventException(
                                    field,
                                    "must not contain U+%04X, a bidirectional formatting character that shows the text in another order than it was written"
                                            .formatted(c));
                        });
        return value;
    }

    /** A control character, or the line and paragraph separators (U+2028, U+2029). */
    private static boolean breaksLine(int c) {
        return Character.isISOControl(c)
                || Character.getType(c) == Character.LINE_SEPARATOR
                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isBidiFormatting(int c) {
        return c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    /**
     * A text field (may be null) of at most {@code max} characters, without the NUL character. A
     * character is a Unicode code point, as JSON Schema's {@code maxLength} counts: an emoji beyond
     * {@code U+FFFF}, two UTF-16 units in Java, counts once.
     *
     * @return the value
     * @throws InvalidEventException naming {@code field} when it breaks a limit
     */
    public static String text(String field, String value, int max) {
        // A text of no more UTF-16 units than the limit has no more characters either.
        if (value != null && value.length() > max) {
            int characters = value.codePointCount(0, value.length());
            if (characters > max) {
                throw new InvalidEventException(
                        field, "longer than %,d characters (%,d given)".formatted(max, characters));
            }
        }
        return storable(field, value);
    }

    /**
     * A text (may be null) that a database stores as it was given: without the NUL character
     * (U+0000), which a text column of PostgreSQL cannot hold, and without half of a surrogate pair
     * (JSON's {@code "\\ud800"} alone), which is no character and would be stored as {@code ?}.
     *
     * @return the value
     * @throws InvalidEventException naming {@code field} when it holds either
     */
    public static String storable(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidEventException(field, "must not contain the NUL character (U+0000)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException(
                        field,
                        "holds half of a UTF-16 surrogate pair (\\u%04X at character %d), which is"
                                        .formatted((int) c, i + 1)
                                + " no character");
            }
        }
        return value;
    }
}
