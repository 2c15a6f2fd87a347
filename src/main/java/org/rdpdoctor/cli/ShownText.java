package org.rdpdoctor.cli;

import org.rdpdoctor.OneLine;
import org.rdpdoctor.kb.Problem;

/**
 * Text from outside (what a user typed, what a probed server sent) made safe to show on one line of
 * a terminal, as {@link OneLine#shown} makes it: long words shortened and control characters
 * written out.
 */
final class ShownText {
    private ShownText() {}

    static String of(String text) {
        return OneLine.shown(text);
    }

    /**
     * {@code where: text}, with {@code text} made safe as {@link #of} does and {@code where} (a
     * file, with its line) kept whole however long its path is, so that the place can be opened.
     */
    static String at(String where, String text) {
        return OneLine.of(where) + ": " + of(text);
    }

    /** A problem as {@link #at} shows it. */
    static String of(Problem problem) {
        String where = problem.where();
        return at(where, problem.toString().substring(where.length() + 2));
    }
}
