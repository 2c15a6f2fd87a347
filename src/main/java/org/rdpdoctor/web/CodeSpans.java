package org.rdpdoctor.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text from the knowledge base with commands in backticks ({@code run `qwinsta`}), split so a page
 * can show the commands as code rather than with the backticks. A backtick without its pair stays
 * as written.
 */
final class CodeSpans {
    private CodeSpans() {}

    /** The parts of {@code text} in order, each {@code text} and whether it is {@code code}. */
    static List<Map<String, Object>> of(String text) {
        List<Map<String, Object>> parts = new ArrayList<>();
        if (text == null) {
            return parts;
        }
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('`', at);
            int close = open < 0 ? -1 : text.indexOf('`', open + 1);
            if (close < 0) {
                parts.add(part(text.substring(at), false));
                break;
            }
            if (open > at) {
                parts.add(part(text.substring(at, open), false));
            }
            parts.add(part(text.substring(open + 1, close), true));
            at = close + 1;
        }
        return parts;
    }

    private static Map<String, Object> part(String text, boolean code) {
        return Map.of("text", text, "code", code);
    }
}
