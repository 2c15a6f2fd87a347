package org.rdpdoctor.probe;

import java.util.Locale;

/** Durations in nanoseconds, as probes measure them, written for people. */
final class Elapsed {
    private Elapsed() {}

    /** {@code 0.4 ms}, {@code 12.3 ms}, {@code 3.00 s}. */
    static String text(long nanos) {
        double millis = millis(nanos);
        return millis < 1000
                ? String.format(Locale.ROOT, "%.1f ms", millis)
                : String.format(Locale.ROOT, "%.2f s", millis / 1000);
    }

    static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
