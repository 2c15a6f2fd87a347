package org.rdpdoctor.cli;

import java.io.PrintWriter;

/**
 * The name of a file a command reads, as typed. An empty one is wrong usage, not the working
 * directory: it is a script's unset variable ({@code --input "$EVENTS"}).
 */
final class InputName {
    private InputName() {}

    /**
     * Whether {@code name} is empty; if so, says so to {@code err} as {@code error: <what> is
     * empty: give <wanted>}.
     */
    static boolean refusedEmpty(String name, String what, String wanted, PrintWriter err) {
        if (!name.isBlank()) {
            return false;
        }
        err.printf("error: %s is empty: give %s%n", what, wanted);
        return true;
    }
}
