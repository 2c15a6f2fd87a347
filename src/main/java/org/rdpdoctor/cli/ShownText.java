package org.rdpdoctor.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text from outside (what a user typed, what a probed server sent) made safe to show on one line of
 * a terminal: a control character (such as the escape that starts a terminal sequence, or a line
 * break that would forge a line of output) is written as {@code \u001B}, and a word longer than
 * {@value #LONGEST} characters is shortened.
 */
final class ShownText {
    /** The longest word shown whole. */
    static final int LONGEST = 120;

    private static final int SHOWN = 60;
    private static final Pattern LONG_WORD = Pattern.compile("[^\\s']{" + (LONGEST + 1) + ",}");

    private ShownText() {}

    static String of(String text) {
        Matcher word = LONG_WORD.matcher(text);
        StringBuilder shortened = new StringBuilder();
        while (word.find()) {
            String whole = word.group();
            word.appendReplacement(
                    shortened,
                    Matcher.quoteReplacement(
                            whole.substring(0, SHOWN) + "…(" + whole.length() + " characters)"));
        }
        word.appendTail(shortened);
        StringBuilder escaped = new StringBuilder();
        shortened
                .codePoints()
                .forEach(
                        c -> {
                            if (Character.isISOControl(c) && c != '\t') {
                                escaped.append(String.format("\\u%04X", c));
                            } else {
                                escaped.appendCodePoint(c);
                            }
                        });
        return escaped.toString();
    }
}
