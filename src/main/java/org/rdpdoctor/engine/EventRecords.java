package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event records pasted into a ticket, for telling which provider logged an event id. Other
 * providers log the same numbers (Group Policy's 1058 and 1006), and a paste names the provider
 * before the id (Event Viewer's {@code Source:}, the XML's {@code <Provider Name=…>}) or after it
 * (PowerShell's {@code Format-List}, a log search's {@code SourceName=}). An id's record is the
 * text around it up to a blank line or the line of the next or previous id; the Windows provider
 * named nearest to the id in it is the event's. Read once per ticket, each id is then looked up in
 * logarithmic time, whatever the ticket's length.
 */
final class EventRecords {
    /** An event's id as the event patterns write it: "Event ID", "EventID", "EventCode". */
    private static final Pattern ID =
            Pattern.compile("\\bevents?\\s*(?:ids?|codes?)\\b", Pattern.CASE_INSENSITIVE);

    /** Two line breaks with only blanks between them. */
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t\\r]*\\n");

    /**
     * A provider named as Event Viewer copies it ({@code Source: GroupPolicy
     * (Microsoft-Windows-GroupPolicy)}), as its XML gives it ({@code <Provider Name='…'}), as
     * PowerShell lists it ({@code ProviderName : …}) or a log search does ({@code SourceName=…}):
     * the text after the sign, to the end of its line or quote.
     */
    private static final Pattern PROVIDER =
            Pattern.compile(
                    "\\b(?:source|provider)(?:\\s*name)?\\s*[:=]\\s*['\"]?([^\\r\\n'\"]+)",
                    Pattern.CASE_INSENSITIVE);

    /** What a Windows provider's full name starts with. */
    private static final String WINDOWS = "microsoft-windows-";

    private final String text;
    private final List<Integer> ids = new ArrayList<>();
    private final List<Integer> blankLines = new ArrayList<>();
    private final List<Integer> providerAt = new ArrayList<>();
    private final List<String> providerName = new ArrayList<>();

    EventRecords(String text) {
        this.text = text;
        Matcher id = ID.matcher(text);
        while (id.find()) {
            ids.add(id.start());
        }
        Matcher blank = BLANK_LINE.matcher(text);
        while (blank.find()) {
            blankLines.add(blank.start());
        }
        Matcher named = PROVIDER.matcher(text);
        while (named.find()) {
            providerAt.add(named.start());
            providerName.add(named.group(1).toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Whether the event whose id a match starting at {@code at} reads may be {@code provider}'s
     * (part of its name will do): it is unless the Windows provider named nearest to it in its
     * record is another. A record that names no Windows provider ("Source: Email", a ticket's own
     * field, or nothing) is taken at its word.
     */
    boolean loggedBy(String provider, int at) {
        if (provider == null) {
            return true;
        }
        String wanted = provider.toLowerCase(Locale.ROOT);
        int previous = before(ids, at);
        int next = after(ids, at);
        int from = Math.max(Math.max(0, before(blankLines, at)), Math.min(lineEnd(previous), at));
        int to = Math.min(after(blankLines, at), Math.max(lineStart(next), at));
        String nearest = null;
        int distance = Integer.MAX_VALUE;
        int first = Collections.binarySearch(providerAt, from);
        for (int i = first < 0 ? -first - 1 : first;
                i < providerAt.size() && providerAt.get(i) < to;
                i++) {
            String name = providerName.get(i);
            int d = Math.abs(providerAt.get(i) - at);
            if ((name.contains(WINDOWS) || name.contains(wanted)) && d < distance) {
                nearest = name;
                distance = d;
            }
        }
        return nearest == null || nearest.contains(wanted);
    }

    /** The last position in {@code sorted} before {@code at}, or -1 when there is none. */
    private static int before(List<Integer> sorted, int at) {
        int i = Collections.binarySearch(sorted, at);
        int below = (i < 0 ? -i - 1 : i) - 1;
        return below < 0 ? -1 : sorted.get(below);
    }

    /**
     * The first position in {@code sorted} after {@code at}, or the text's end when there is none.
     */
    private int after(List<Integer> sorted, int at) {
        int i = Collections.binarySearch(sorted, at);
        int above = i < 0 ? -i - 1 : i + 1;
        return above < sorted.size() ? sorted.get(above) : text.length();
    }

    /** The end of the line holding {@code at}, or 0 for -1 (nothing before). */
    private int lineEnd(int at) {
        if (at < 0) {
            return 0;
        }
        int end = text.indexOf('\n', at);
        return end < 0 ? text.length() : end;
    }

    /** The start of the line holding {@code at}; the text's end is its own. */
    private int lineStart(int at) {
        return at >= text.length() ? text.length() : text.lastIndexOf('\n', at) + 1;
    }
}
