package org.rdpdoctor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, as {@code uptime} shows it, for the record of a run. */
final class LoadAverage {
    private LoadAverage() {}

    /** The 1, 5 and 15 minute load averages, e.g. "1.05 1.04 1.87". */
    static String now() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/loadavg", e);
        }
    }
}
