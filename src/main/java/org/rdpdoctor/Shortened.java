package org.rdpdoctor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from outside shown back shortened, by one rule wherever it is shown (the command line, the
 * API's problem details, the error pages): a run of more than {@value #LONGEST} characters without
 * a space or quote (a pasted blob, a huge id) is cut to its first {@value #SHOWN} and says how long
 * it was, {@code …(5000 characters)}, and the separator after it stays, so {@code issuer CN=…;
 * valid} keeps its fields apart. Text with spaces is left whole; those who show it cap its total
 * length themselves. Characters are counted as {@link TextLimits} counts them, as code points, and
 * text is never cut between the two UTF-16 halves of one.
 */
public final class Shortened {
    /** The longest run shown whole. */
    private static final int LONGEST = 120;

    private static final int SHOWN = 60;
    private static final Pattern LONG_WORD = Pattern.compile("[^\\s']{" + LONGEST + ",}[^\\s',;]");

    private Shortened() {}

    /**
     * {@code text} with its long runs shortened as by {@link #words}, and the whole cut to {@code
     * max} characters, the last an ellipsis, when it is longer.
     */
    public static String within(String text, int max) {
        return cut(words(text), max);
    }

    /**
     * {@code text} cut to {@code max} characters, the last an ellipsis, when it is longer; an emoji
     * beyond {@code U+FFFF} counts as one character and is never cut in two.
     */
    public static String cut(String text, int max) {
        return text.codePointCount(0, text.length()) > max ? first(text, max - 1) + "\u2026" : text;
    }

    private static String first(String text, int characters) {
        return text.substring(0, text.offsetByCodePoints(0, characters));
    }

    /** {@code text} with each run over {@value #LONGEST} characters shortened. */
    public static String words(String text) {
        return LONG_WORD
                .matcher(text)
                .replaceAll(
                        word ->
                                Matcher.quoteReplacement(
                                        first(word.group(), SHOWN)
                                                + "…("
                                                + word.group()
                                                        .codePointCount(0, word.group().length())
                                                + " characters)"));
    }
}
