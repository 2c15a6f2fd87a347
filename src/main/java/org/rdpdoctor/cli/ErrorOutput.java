package org.rdpdoctor.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standard error, with what a user typed made safe to show again: a control character (such as the
 * escape that starts a terminal sequence) is written as {@code \u001B}, and a word longer than
 * {@value #LONGEST} characters is shortened, so a pasted file does not flood the terminal.
 */
final class ErrorOutput extends Writer {
    /** The longest word shown whole. */
    static final int LONGEST = 120;

    private static final int SHOWN = 60;
    private static final Pattern LONG_WORD = Pattern.compile("[^\\s']{" + (LONGEST + 1) + ",}");

    private final Writer err;
    private final StringBuilder line = new StringBuilder();

    ErrorOutput(Writer err) {
        this.err = err;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (chars[i] == '\n') {
                boolean crlf = line.length() > 0 && line.charAt(line.length() - 1) == '\r';
                err.write(shown(line.substring(0, line.length() - (crlf ? 1 : 0))));
                err.write(crlf ? "\r\n" : "\n");
                line.setLength(0);
            } else {
                line.append(chars[i]);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        err.write(shown(line.toString()));
        line.setLength(0);
        err.flush();
    }

    @Override
    public void close() throws IOException {
        flush();
        err.close();
    }

    private static String shown(String text) {
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
