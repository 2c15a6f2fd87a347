package org.rdpdoctor.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdpdoctor.kb.BoundedText;
import org.rdpdoctor.kb.ErrorCodeTable;
import org.rdpdoctor.kb.EvidenceKind;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.KnowledgeBase;
import org.rdpdoctor.kb.Problem;
import org.rdpdoctor.kb.TicketPattern;

/**
 * Reads the free text of a helpdesk ticket (the pasted error dialog, event log lines) with the
 * patterns of {@code kb/ticket-patterns.yaml}, so a session can start with its codes and evidence.
 */
public final class TicketReader {
    /** Text beyond this many characters is not read. */
    public static final int MAX_TEXT_LENGTH = 100_000;

    /**
     * How long one pattern may search one ticket. The real patterns take at most 3 ms (18 ms before
     * the JIT compiles them) on 100,000 characters of spaces, letters or repeated phrases; one that
     * takes this long backtracks through more ways to match than it can finish.
     */
    static final Duration PATTERN_TIME_LIMIT = Duration.ofMillis(500);

    static final int MAX_DETAIL_LENGTH = 200;

    /**
     * Line breaks and tabs with the white space around them, as a wrapped phrase or a pasted table
     * holds them: a detail is one line without control characters.
     */
    private static final Pattern BREAKS = Pattern.compile("\\s*(?:\\R|\\t)\\s*");

    private static final String SOURCE = "ticket";

    /** A code written as a name: a word with an underscore, which no number has. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z]\\w*_\\w*");

    /** The patterns of the knowledge base last read; a new one comes only with a reload. */
    private static volatile Compiled compiled;

    private TicketReader() {}

    private record Compiled(KnowledgeBase kb, List<Entry> entries) {}

    private record Entry(TicketPattern pattern, Pattern regex) {}

    /** A code as typed, and where in the text it was found. */
    private record Found(String code, int at) {}

    /**
     * Reads the ticket text. Patterns are tried in file order, each at its first match in the text.
     * The first code pattern that matches gives each code; every other error code found, of another
     * value, is listed apart. When the ticket names several error codes, the extended code goes
     * with the error code written last before it, as a dialog shows the two, and that error code is
     * the one the reading gives. Evidence of a kind that keeps one value comes from the first
     * pattern that matches, so specific messages listed before generic ones win; a kind that keeps
     * every value ({@code multiple}) gets each value found once.
     *
     * @return the codes as typed (null when not found) and the evidence, in pattern order
     * @throws InvalidKnowledgeException naming a pattern that ran past {@link #PATTERN_TIME_LIMIT}
     *     or out of stack on this text
     */
    public static TicketReading read(KnowledgeBase kb, String text) {
        Objects.requireNonNull(kb, "kb");
        Objects.requireNonNull(text, "text");
        String read = first(text, MAX_TEXT_LENGTH);
        List<Found> errorCodes = new ArrayList<>();
        List<Found> extendedCodes = List.of();
        List<Event.EvidenceAdded> evidence = new ArrayList<>();
        Set<List<String>> taken = new HashSet<>();
        EventRecords records = new EventRecords(read);
        for (Entry entry : entries(kb)) {
            BoundedText timed =
                    BoundedText.until(read, System.nanoTime() + PATTERN_TIME_LIMIT.toNanos());
            try {
                TicketPattern.Yield yields = entry.pattern().yields();
                if (TicketPattern.ERROR.equals(yields.code())) {
                    errorCodes.addAll(numbered(kb, codes(entry, timed)));
                } else if (TicketPattern.EXTENDED.equals(yields.code())) {
                    if (extendedCodes.isEmpty()) {
                        extendedCodes = codes(entry, timed);
                    }
                } else {
                    List<String> key = key(kb, yields);
                    Matcher m = entry.regex().matcher(timed);
                    while (!taken.contains(key) && m.find()) {
                        if (records.loggedBy(entry.pattern().provider(), m.start())) {
                            taken.add(key);
                            evidence.add(
                                    new Event.EvidenceAdded(
                                            yields.kind(),
                                            yields.value(),
                                            SOURCE,
                                            detail(m.group())));
                        }
                    }
                }
            } catch (BoundedText.Stopped e) {
                throw runaway(
                        kb,
                        entry.pattern(),
                        "was stopped after %d ms on a ticket of %d characters"
                                .formatted(PATTERN_TIME_LIMIT.toMillis(), read.length()));
            } catch (StackOverflowError e) {
                throw runaway(
                        kb,
                        entry.pattern(),
                        "ran out of stack on a ticket of %d characters".formatted(read.length()));
            }
        }
        Found extended = extendedCodes.isEmpty() ? null : extendedCodes.get(0);
        List<Found> distinct = distinctErrorCodes(kb, pairedFirst(errorCodes, extended));
        String errorCode = distinct.isEmpty() ? null : distinct.get(0).code();
        String extendedCode = extended == null ? null : extended.code();
        boolean setAside = contradicts(kb, errorCode, extendedCode);
        List<Found> others = distinct.size() > 1 ? distinct.subList(1, distinct.size()) : List.of();
        return new TicketReading(
                errorCode,
                setAside ? null : extendedCode,
                evidence,
                others.stream().map(Found::code).toList(),
                setAside ? extendedCode : null,
                besideEach(kb, others, errorCodes, extendedCodes));
    }

    /**
     * For each of {@code others} the ticket shows with an extended code, that code: the first one
     * shown beside any of the places it names that error (2308 and 0x904 are one).
     */
    private static Map<String, String> besideEach(
            KnowledgeBase kb,
            List<Found> others,
            List<Found> errorCodes,
            List<Found> extendedCodes) {
        Map<String, String> beside = new LinkedHashMap<>();
        for (Found other : others) {
            errorCodes.stream()
                    .filter(same -> kb.errorCodes().sameError(same.code(), other.code()))
                    .sorted(Comparator.comparingInt(Found::at))
                    .flatMap(same -> besideIt(same, errorCodes, extendedCodes).stream())
                    .filter(ext -> !contradicts(kb, other.code(), ext))
                    .findFirst()
                    .ifPresent(ext -> beside.put(other.code(), ext));
        }
        return beside;
    }

    /**
     * The extended code written after {@code error} and before the next error code, as a dialog
     * shows the two, if any.
     */
    private static Optional<String> besideIt(
            Found error, List<Found> errorCodes, List<Found> extendedCodes) {
        int next =
                errorCodes.stream()
                        .mapToInt(Found::at)
                        .filter(at -> at > error.at())
                        .min()
                        .orElse(Integer.MAX_VALUE);
        return extendedCodes.stream()
                .filter(ext -> ext.at() > error.at() && ext.at() < next)
                .map(Found::code)
                .findFirst();
    }

    /**
     * Whether the extended code found comes from another report than the error code found, when
     * that is FreeRDP's last error, the whole of its report: then it is not taken.
     */
    private static boolean contradicts(KnowledgeBase kb, String errorCode, String extendedCode) {
        if (errorCode == null || extendedCode == null) {
            return false;
        }
        try {
            ErrorCodeTable codes = kb.errorCodes();
            return codes.decodeDisconnect(errorCode)
                    .contradictedBy(codes.decodeExtended(extendedCode));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The error codes found, the one written last before the extended code first (a dialog's "Error
     * code: 0x904 Extended error code: 0x7"), the others in the order found: the patterns' file
     * order, then the order in the text.
     */
    private static List<Found> pairedFirst(List<Found> errorCodes, Found extended) {
        if (extended == null) {
            return errorCodes;
        }
        Found paired = null;
        for (Found error : errorCodes) {
            if (error.at() < extended.at() && (paired == null || error.at() > paired.at())) {
                paired = error;
            }
        }
        if (paired == null) {
            return errorCodes;
        }
        List<Found> ordered = new ArrayList<>(errorCodes);
        ordered.remove(paired);
        ordered.add(0, paired);
        return ordered;
    }

    /** The codes of {@code found}, one per value (2308 and 0x904 are one), in their order. */
    private static List<Found> distinctErrorCodes(KnowledgeBase kb, List<Found> found) {
        Set<Integer> values = new HashSet<>();
        Set<String> unreadable = new HashSet<>();
        List<Found> distinct = new ArrayList<>();
        for (Found code : found) {
            boolean fresh;
            try {
                fresh = values.add(kb.errorCodes().decodeDisconnect(code.code()).value());
            } catch (IllegalArgumentException e) {
                fresh = unreadable.add(code.code());
            }
            if (fresh) {
                distinct.add(code);
            }
        }
        return distinct;
    }

    /** What makes two findings the same: the kind alone when the kind keeps one value. */
    private static List<String> key(KnowledgeBase kb, TicketPattern.Yield yields) {
        boolean multiple = kb.evidenceKind(yields.kind()).map(EvidenceKind::multiple).orElse(false);
        return multiple ? List.of(yields.kind(), yields.value()) : List.of(yields.kind());
    }

    /**
     * The codes with each FreeRDP connection error or server error-info code written by its name
     * ({@code ERRCONNECT_TLS_CONNECT_FAILED}, {@code ERRINFO_IDLE_TIMEOUT}) put as FreeRDP's number
     * for it; a name the knowledge lacks is no code.
     */
    private static List<Found> numbered(KnowledgeBase kb, List<Found> codes) {
        List<Found> out = new ArrayList<>(codes.size());
        for (Found found : codes) {
            if (NAME.matcher(found.code()).matches()) {
                kb.errorCodes()
                        .freerdpCode(found.code())
                        .ifPresent(code -> out.add(new Found(code, found.at())));
            } else {
                out.add(found);
            }
        }
        return out;
    }

    /** Every non-empty code the pattern's capture group finds, in the order of the text. */
    private static List<Found> codes(Entry entry, CharSequence text) {
        List<Found> codes = new ArrayList<>();
        Matcher m = entry.regex().matcher(text);
        while (m.find()) {
            String code = m.group(1);
            if (code != null && !code.isBlank()) {
                codes.add(new Found(code.trim(), m.start(1)));
            }
        }
        return codes;
    }

    private static InvalidKnowledgeException runaway(
            KnowledgeBase kb, TicketPattern pattern, String what) {
        return new InvalidKnowledgeException(
                List.of(
                        Problem.at(
                                kb.location("ticket-pattern", pattern.id()),
                                "pattern",
                                "ticket pattern '"
                                        + pattern.id()
                                        + "' "
                                        + what
                                        + ": a repetition of alternatives or of another repetition,"
                                        + " such as (a|aa)+ or (x+x+)+, tries ever more ways to"
                                        + " match text it almost matches; write it so that each"
                                        + " character can match in one way only")));
    }

    /**
     * The phrase a pattern matched, as the evidence's detail: on one line (a phrase the ticket
     * wraps across lines reads as it would unwrapped) and at most {@code MAX_DETAIL_LENGTH} long.
     */
    private static String detail(String phrase) {
        return first(BREAKS.matcher(phrase).replaceAll(" ").trim(), MAX_DETAIL_LENGTH).trim();
    }

    /**
     * The first {@code max} characters of {@code text}, counted as {@code TextLimits} counts them,
     * as code points: an emoji beyond {@code U+FFFF} is one and is never cut in two.
     */
    private static String first(String text, int max) {
        return text.length() <= max || text.codePointCount(0, text.length()) <= max
                ? text
                : text.substring(0, text.offsetByCodePoints(0, max));
    }

    private static List<Entry> entries(KnowledgeBase kb) {
        Compiled last = compiled;
        if (last == null || last.kb() != kb) {
            List<Entry> entries =
                    kb.ticketPatterns().stream().map(p -> new Entry(p, p.compile())).toList();
            last = new Compiled(kb, entries);
            compiled = last;
        }
        return last.entries();
    }
}
