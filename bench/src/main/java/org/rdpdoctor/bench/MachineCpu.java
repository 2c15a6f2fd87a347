package org.rdpdoctor.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's CPU time by kind, from the first line of /proc/stat, in seconds: what every
 * process on the machine used, so that a run can tell its own share from the rest.
 *
 * @param busy user, nice, system, irq and softirq time
 * @param ioWait time idle while waiting for the disk
 * @param steal time the hypervisor gave to other guests
 */
record MachineCpu(double busy, double ioWait, double steal) {
    /** Linux counts CPU time in /proc in ticks of 1/100 s (USER_HZ). */
    static final double TICKS_PER_SECOND = 100;

    static MachineCpu now() {
        String line;
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            line = lines.findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/stat", e);
        }
        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice"
        String[] f = line.trim().split("\\s+");
        return new MachineCpu(
                ticks(f[1]) + ticks(f[2]) + ticks(f[3]) + ticks(f[6]) + ticks(f[7]),
                ticks(f[5]),
                ticks(f[8]));
    }

    MachineCpu minus(MachineCpu earlier) {
        return new MachineCpu(busy - earlier.busy, ioWait - earlier.ioWait, steal - earlier.steal);
    }

    private static double ticks(String field) {
        return Long.parseLong(field) / TICKS_PER_SECOND;
    }
}
