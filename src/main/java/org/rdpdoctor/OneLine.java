package org.rdpdoctor;

import java.lang.Character.UnicodeScript;
import java.util.Set;

/**
 * Text from outside (what a user typed, what a ticket or a probed server gave) kept on the one line
 * it is shown on: each control character but the tab, such as a line break or the escape that
 * starts a terminal sequence, is written as a backslash, {@code u} and its four hex digits ({@code
 * \}{@code u000A}), so it can neither start a line of its own nor reach a terminal. So are the
 * Unicode line and paragraph separators, which some viewers break lines at, the invisible format
 * characters, such as the right-to-left override that makes {@code rds01} followed by {@code
 * exe.gpj} read as {@code rds01jpg.exe}, or a zero-width space that makes two names look alike, and
 * half a surrogate pair, which no encoder can write. A character beyond {@code U+FFFF} is written
 * as its two UTF-16 halves ({@code \}{@code uDB40}{@code \}{@code uDC67}), as Java and JSON write
 * it. Three kinds of format character stay where they do their work: the zero-width joiner and
 * non-joiner between two characters of scripts that join (emoji, Arabic, Indic), not beside Latin,
 * Greek or Cyrillic letters, digits or ASCII; and the tag characters of a subdivision flag (a black
 * flag, up to {@value #FLAG_TAGS} lower-case letters or digits as tags, a cancel tag), which
 * elsewhere can hide a whole text.
 */
public final class OneLine {
    /** The most tags a subdivision flag's code takes ({@code gbsct} has five). */
    static final int FLAG_TAGS = 6;

    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;
    private static final Set<UnicodeScript> UNJOINED =
            Set.of(UnicodeScript.LATIN, UnicodeScript.GREEK, UnicodeScript.CYRILLIC);

    private OneLine() {}

    /** {@code text} with its control characters written out. */
    public static String of(String text) {
        int[] points = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < points.length; i++) {
            if (isHidden(points, i)) {
                for (char half : Character.toChars(points[i])) {
                    out.append(String.format("\\u%04X", (int) half));
                }
            } else {
                out.appendCodePoint(points[i]);
            }
        }
        return out.toString();
    }

    private static boolean isHidden(int[] points, int i) {
        int c = points[i];
        int type = Character.getType(c);
        if (c == '\u200C' || c == '\u200D') {
            return !(i > 0
                    && i + 1 < points.length
                    && joins(points[i - 1])
                    && joins(points[i + 1]));
        }
        if (isTag(c)) {
            return !inFlag(points, i);
        }
        return Character.isISOControl(c) && c != '\t'
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || type == Character.SURROGATE;
    }

    /** Whether a joiner beside {@code c} can change how it is drawn. */
    private static boolean joins(int c) {
        return c >= 0x80
                && Character.getType(c) != Character.FORMAT
                && !UNJOINED.contains(UnicodeScript.of(c));
    }

    private static boolean isTag(int c) {
        return c >= 0xE0000 && c <= CANCEL_TAG;
    }

    /** Whether the tag at {@code i} is part of a black flag, its code's tags and a cancel tag. */
    private static boolean inFlag(int[] points, int i) {
        int start = i;
        while (start > 0 && isTag(points[start - 1])) {
            start--;
        }
        int end = i;
        while (end + 1 < points.length && isTag(points[end + 1])) {
            end++;
        }
        if (start == 0 || points[start - 1] != BLACK_FLAG || points[end] != CANCEL_TAG) {
            return false;
        }
        int tags = end - start;
        if (tags < 1 || tags > FLAG_TAGS) {
            return false;
        }
        for (int k = start; k < end; k++) {
            int ascii = points[k] - 0xE0000;
            if (!(ascii >= 'a' && ascii <= 'z' || ascii >= '0' && ascii <= '9')) {
                return false;
            }
        }
        return true;
    }
}
