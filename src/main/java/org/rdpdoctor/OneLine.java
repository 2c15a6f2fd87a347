package org.rdpdoctor;

import java.lang.Character.UnicodeScript;
import java.util.HexFormat;
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
 * it. Two kinds of format character stay where they do their work: the zero-width joiner and
 * non-joiner between two emoji or two letters of a script that joins (Arabic, the Indic scripts and
 * a few others), and the tag characters of a subdivision flag (a black flag, up to {@value
 * #FLAG_TAGS} lower-case letters or digits as tags, a cancel tag), which elsewhere can hide a whole
 * text.
 */
public final class OneLine {
    /** The most tags a subdivision flag's code takes ({@code gbsct} has five). */
    static final int FLAG_TAGS = 6;

    private static final int BLACK_FLAG = 0x1F3F4;
    private static final int CANCEL_TAG = 0xE007F;
    private static final int EMOJI_STYLE = 0xFE0F;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** Scripts whose letters a joiner or non-joiner changes. */
    private static final Set<UnicodeScript> JOINING =
            Set.of(
                    UnicodeScript.ARABIC,
                    UnicodeScript.SYRIAC,
                    UnicodeScript.NKO,
                    UnicodeScript.MONGOLIAN,
                    UnicodeScript.DEVANAGARI,
                    UnicodeScript.BENGALI,
                    UnicodeScript.GURMUKHI,
                    UnicodeScript.GUJARATI,
                    UnicodeScript.ORIYA,
                    UnicodeScript.TAMIL,
                    UnicodeScript.TELUGU,
                    UnicodeScript.KANNADA,
                    UnicodeScript.MALAYALAM,
                    UnicodeScript.SINHALA,
                    UnicodeScript.KHMER,
                    UnicodeScript.MYANMAR);

    private OneLine() {}

    /** {@code text} with its control characters written out. */
    public static String of(String text) {
        int[] points = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < points.length) {
            if (isTag(points[i])) {
                int end = i;
                while (end < points.length && isTag(points[end])) {
                    end++;
                }
                boolean flag = isFlag(points, i, end);
                for (int k = i; k < end; k++) {
                    append(out, points[k], !flag);
                }
                i = end;
            } else {
                append(out, points[i], isHidden(points, i));
                i++;
            }
        }
        return out.toString();
    }

    /**
     * {@code text} as a person is shown it, where it is prose that may quote a server or a user
     * (the command line's output, a probe's verdict): its long words shortened ({@link
     * Shortened#words}) and its control characters written out as {@link #of} does.
     */
    public static String shown(String text) {
        return of(Shortened.words(text));
    }

    /**
     * {@code text} as {@link #shown} writes it, its tabs written out too: what a one-line field
     * takes ({@link TextLimits#line}), such as the detail of a probe's evidence, which quotes a
     * server as its verdict does.
     */
    public static String field(String text) {
        return shown(text).replace("\t", "\\u0009");
    }

    private static void append(StringBuilder out, int c, boolean hidden) {
        if (!hidden) {
            out.appendCodePoint(c);
            return;
        }
        for (char half : Character.toChars(c)) {
            out.append("\\u").append(HEX.toHexDigits(half));
        }
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
        return Character.isISOControl(c) && c != '\t'
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT
                || type == Character.SURROGATE;
    }

    /**
     * Whether a joiner beside {@code c} can change how it is drawn: an emoji or a joining script.
     */
    private static boolean joins(int c) {
        return JOINING.contains(UnicodeScript.of(c))
                || c >= 0x80 && Character.getType(c) == Character.OTHER_SYMBOL
                || c == EMOJI_STYLE
                || c >= 0x1F3FB && c <= 0x1F3FF;
    }

    private static boolean isTag(int c) {
        return c >= 0xE0000 && c <= CANCEL_TAG;
    }

    /**
     * Whether the tags from {@code start} to {@code end} (exclusive) follow a black flag and are a
     * subdivision's code, letters or digits, ended by a cancel tag.
     */
    private static boolean isFlag(int[] points, int start, int end) {
        int tags = end - 1 - start;
        if (start == 0
                || points[start - 1] != BLACK_FLAG
                || points[end - 1] != CANCEL_TAG
                || tags < 1
                || tags > FLAG_TAGS) {
            return false;
        }
        for (int k = start; k < end - 1; k++) {
            int ascii = points[k] - 0xE0000;
            if (!(ascii >= 'a' && ascii <= 'z' || ascii >= '0' && ascii <= '9')) {
                return false;
            }
        }
        return true;
    }
}
