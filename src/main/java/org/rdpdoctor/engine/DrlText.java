package org.rdpdoctor.engine;

/**
 * A DRL file's text as the line checks read it. Characters are replaced by spaces, never removed,
 * so that every line and column stays where the editor sees it.
 */
final class DrlText {
    private DrlText() {}

    /**
     * The text without its comments: {@code //} to the end of the line and {@code /* ... *}{@code
     * /}, which may span lines. A comment sign inside a string in double quotes is text.
     */
    static String withoutComments(String text) {
        StringBuilder code = new StringBuilder(text);
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (quoted) {
                if (c == '\\' && next != '\n') {
                    i++;
                } else if (c == '"' || c == '\n') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '/' && next == '/') {
                int end = text.indexOf('\n', i);
                i = blank(code, i, end < 0 ? text.length() : end) - 1;
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                i = blank(code, i, end < 0 ? text.length() : end + 2) - 1;
            }
        }
        return code.toString();
    }

    /**
     * The code without what its strings in double quotes hold (the quotes stay), so that a keyword
     * or a type named in a string is not read as one; {@code code} has no comments.
     */
    static String withoutStrings(String code) {
        StringBuilder bare = new StringBuilder(code);
        int open = -1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (open < 0) {
                open = c == '"' ? i : -1;
            } else if (c == '\\' && i + 1 < code.length() && code.charAt(i + 1) != '\n') {
                i++;
            } else if (c == '"' || c == '\n') {
                blank(bare, open + 1, i);
                open = -1;
            }
        }
        if (open >= 0) {
            blank(bare, open + 1, code.length());
        }
        return bare.toString();
    }

    /** Replaces the characters from {@code from} to {@code to} by spaces, keeping line breaks. */
    private static int blank(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) != '\n') {
                text.setCharAt(i, ' ');
            }
        }
        return to;
    }
}
