package org.rdpdoctor.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rdpdoctor.OneLine;

/**
 * Text from outside (what a user typed, what a probed server sent) made safe to show on one line of
 * a terminal: control characters are written out ({@link OneLine}), and a word longer than {@value
 * #LONGEST} characters is shortened.
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
        return OneLine.of(shortened.toString());
    }
}
