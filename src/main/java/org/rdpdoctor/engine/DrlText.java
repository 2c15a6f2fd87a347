package org.rdpdoctor.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A DRL file's text as the line checks read it. Characters are replaced by spaces, never removed,
 * so that every line and column stays where the editor sees it.
 */
final class DrlText {
    /**
     * A typographic opening quote that a plain quote closes on its line ({@code „id"}, {@code
     * “id"}, {@code ‘id'}): a text whose opening quote was pasted, read as the text it was meant to
     * be. A plain quote followed by a letter opens the next text instead.
     */
    private static final Pattern HALF_TYPOGRAPHIC =
            Pattern.compile(
                    "[\\u201C\\u201E][^\"\\n\\u201C\\u201D\\u201E]*\"(?!\\w)"
                            + "|\\u2018[^'\\n\\u2018\\u2019]*'(?!\\w)");

    private DrlText() {}

    /**
     * The text without its comments: {@code //} to the end of the line and {@code /* ... *}{@code
     * /}, which may span lines. A comment sign inside a string, in double or single quotes, is
     * text.
     */
    static String withoutComments(String text) {
        return blank(text, false, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * The text without its comments and without what its strings hold (the quotes stay), so that a
     * keyword, a bracket or a type named in a string is not read as one.
     */
    static String withoutCommentsAndStrings(String text) {
        return blank(text, true, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * Where a string opens, outside comments, that its line does not close: the index of each such
     * quote. Drools reads on to the next quote of its kind, lines further down, and stumbles there.
     */
    static List<Integer> unclosedQuotes(String text) {
        return unclosed(text).stream().filter(i -> text.charAt(i) != '/').toList();
    }

    /**
     * Where a {@code /*} opens, outside strings and {@code //} comments, that no {@code *}{@code /}
     * closes: Drools reads the rest of the file as the comment and stumbles at its end.
     */
    static Optional<Integer> unclosedComment(String text) {
        return unclosed(text).stream().filter(i -> text.charAt(i) == '/').findFirst();
    }

    /**
     * What the bracket at {@code open} holds, split at its commas ({@code Answer(a, b)}), each part
     * as where it begins and ends; a comma inside a text, a comment or a further bracket ({@code in
     * ("a", "b")}) splits nothing. Empty when nothing closes the bracket.
     */
    static List<Span> commaSeparated(String text, int open) {
        String code = withoutCommentsAndStrings(text);
        List<Span> parts = new ArrayList<>();
        int depth = 0;
        int from = open + 1;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            }
            if (depth == 0 || depth == 1 && c == ',') {
                parts.add(new Span(from, i));
                from = i + 1;
            }
            if (depth == 0) {
                return parts;
            }
        }
        return List.of();
    }

    /** The characters of a text from {@code from} to {@code to}, the latter excluded. */
    record Span(int from, int to) {}

    /**
     * Where a text that a plain quote opens ends at a typographic closing quote ({@code "id”},
     * {@code 'id’}), outside comments: the index of each such closing quote. Drools does not read
     * it as a quote and reads on to the next plain one; see {@link #typographicClosing}.
     */
    static List<Integer> typographicClosings(String text) {
        List<Integer> closings = new ArrayList<>();
        blank(text, false, new ArrayList<>(), closings);
        return closings;
    }

    /** Where the strings and the comment that are not closed open, by their index. */
    private static List<Integer> unclosed(String text) {
        List<Integer> open = new ArrayList<>();
        blank(text, false, open, new ArrayList<>());
        return open;
    }

    private static String blank(
            String text, boolean strings, List<Integer> unclosed, List<Integer> closings) {
        StringBuilder out = new StringBuilder(text);
        char quote = 0;
        int opened = 0;
        int closing = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (quote != 0) {
                if (c == '\n' || c == quote || i == closing) {
                    if (c == '\n') {
                        unclosed.add(opened);
                    }
                    if (i == closing) {
                        closings.add(i);
                    }
                    quote = 0; // a string ends at its quote, or unclosed at the end of its line
                    continue;
                }
                int end = c == '\\' && next != '\n' && next != 0 ? i + 2 : i + 1;
                if (strings) {
                    spaces(out, i, end);
                }
                i = end - 1;
            } else if (c == '"' || c == '\'') {
                quote = c;
                opened = i;
                closing = typographicClosing(text, i);
            } else if ("\u201C\u201E\u2018".indexOf(c) >= 0
                    && HALF_TYPOGRAPHIC.matcher(text).region(i, text.length()).lookingAt()) {
                quote = c == '\u2018' ? '\'' : '"';
                opened = i;
                closing = -1;
            } else if (c == '/' && next == '/') {
                int end = text.indexOf('\n', i);
                i = spaces(out, i, end < 0 ? text.length() : end) - 1;
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    unclosed.add(i);
                }
                i = spaces(out, i, end < 0 ? text.length() : end + 2) - 1;
            }
        }
        if (quote != 0) {
            unclosed.add(opened);
        }
        return out.toString();
    }

    /**
     * The typographic closing quote ({@code ”} in a text opened by {@code "}, {@code ’} in one
     * opened by {@code '}) that was meant to close the text the plain quote at {@code open} opens,
     * or -1. It was when Drools reads the text on past it: the text does not close on its line, or
     * the plain quote that closes it is followed by a letter or digit and so opens the next text
     * ({@code "id”, option == "fails"}). A typographic quote in a text that closes before what
     * follows is text ({@code "it’s"}, {@code "say “hi”"}).
     */
    private static int typographicClosing(String text, int open) {
        char quote = text.charAt(open);
        char typographic = quote == '"' ? '\u201D' : '\u2019';
        int first = -1;
        for (int i = open + 1; i < text.length() && text.charAt(i) != '\n'; i++) {
            char c = text.charAt(i);
            if (c == quote) {
                boolean nextText = i + 1 < text.length() && isWordPart(text.charAt(i + 1));
                return nextText ? first : -1;
            }
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                i++; // an escaped character, as blank reads it
            } else if (c == typographic && first < 0) {
                first = i;
            }
        }
        return first;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Replaces the characters from {@code from} to {@code to} by spaces, keeping line breaks. */
    private static int spaces(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '\n') {
                text.setCharAt(i, ' ');
            }
        }
        return to;
    }
}
