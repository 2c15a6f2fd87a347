package org.rdpdoctor;

/**
 * Text from outside (what a user typed, what a ticket or a probed server gave) kept on the one line
 * it is shown on: each control character but the tab, such as a line break or the escape that
 * starts a terminal sequence, is written as a backslash, {@code u} and its four hex digits ({@code
 * \}{@code u000A}), so it can neither start a line of its own nor reach a terminal. So are the
 * Unicode line and paragraph separators, which some viewers break lines at, and the invisible
 * format characters, such as the right-to-left override that makes {@code rds01} followed by {@code
 * exe.gpj} read as {@code rds01jpg.exe}, or a zero-width space that makes two names look alike; the
 * zero-width joiner and non-joiner, which emoji and some scripts need, stay.
 */
public final class OneLine {
    private OneLine() {}

    /** {@code text} with its control characters written out. */
    public static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints()
                .forEach(
                        c -> {
                            if (isHidden(c)) {
                                out.append(String.format("\\u%04X", c));
                            } else {
                                out.appendCodePoint(c);
                            }
                        });
        return out.toString();
    }

    private static boolean isHidden(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) && c != '\t'
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT && c != '\u200C' && c != '\u200D';
    }
}
