package org.rdpdoctor;

/**
 * Text from outside (what a user typed, what a ticket or a probed server gave) kept on the one line
 * it is shown on: each control character but the tab, such as a line break or the escape that
 * starts a terminal sequence, is written as a backslash, {@code u} and its four hex digits ({@code
 * \}{@code u000A}), so it can neither start a line of its own nor reach a terminal.
 */
public final class OneLine {
    private OneLine() {}

    /** {@code text} with its control characters written out. */
    public static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .forEach(
                        c -> {
                            if (Character.isISOControl(c) && c != '\t') {
                                out.append(String.format("\\u%04X", c));
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        return out.toString();
    }
}
