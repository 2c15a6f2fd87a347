package org.rdpdoctor.bench;

import org.rdpdoctor.RdpDoctor;
import org.rdpdoctor.SessionView;
import org.rdpdoctor.StartRequest;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.InvalidEventException;
import org.rdpdoctor.engine.Json;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.store.JdbcSessionStore;

import java.io.IOException;
import java.util.Arrays;

/**
 * One session answered again and again until it refuses: the time of each durable write (through
 * the Java API, on an embedded H2 file, as the server stores) and the size of the session as the
 * API answers it, in groups of events. It shows what {@link RdpDoctor#MAX_EVENTS} bounds.
 *
 * <p>Run: {@code java -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.LongSessionBench
 * [group [events]]} (group: events per row, default 250; events: stop after that many, default
 * 3,000, for a build without the limit).
 */
public final class LongSessionBench {
    private LongSessionBench() {}

    public static void main(String[] args) throws IOException {
        int group = args.length == 0 ? 250 : Integer.parseInt(args[0]);
        int most = args.length < 2 ? 3_000 : Integer.parseInt(args[1]);
        RuleBase rules = Bench.load();
        try (ScratchFolder scratch = new ScratchFolder("rdp-doctor-long-session");
                RdpDoctor doctor =
                        new RdpDoctor(
                                rules,
                                JdbcSessionStore.open(scratch.h2Url("sessions"), null, null))) {
            String id = doctor.start(StartRequest.of("0x904", "0x7")).id();
            System.out.println("| events | write p50 | write max | answer as JSON, last |");
            System.out.println("|---:|---:|---:|---:|");
            long[] nanos = new long[group];
            int inGroup = 0;
            int bytes = 0;
            for (int i = 1; i < most; i++) {
                Event answer =
                        new Event.Answered(
                                "error-message", i % 2 == 0 ? "credssp-oracle" : "internal-error");
                long start = System.nanoTime();
                SessionView view;
                try {
                    view = doctor.apply(id, answer);
                } catch (InvalidEventException e) {
                    print(i - inGroup + 1, i, nanos, inGroup, bytes);
                    System.out.println(
                            "# write " + i + ", event " + (i + 1) + ", refused: " + e.getMessage());
                    return;
                }
                nanos[inGroup++] = System.nanoTime() - start;
                bytes = Json.compact().writeValueAsBytes(view).length;
                if (inGroup == group) {
                    print(i - group + 2, i + 1, nanos, group, bytes);
                    inGroup = 0;
                }
            }
            print(most - inGroup + 1, most, nanos, inGroup, bytes);
        }
    }

    /** One row: events {@code from} to {@code to} (the started event is the first). */
    private static void print(int from, int to, long[] nanos, int count, int bytes) {
        if (count == 0) {
            return;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        System.out.printf(
                "| %,d–%,d | %.2f ms | %.1f ms | %,d bytes |%n",
                from, to, sorted[count / 2] / 1e6, sorted[count - 1] / 1e6, bytes);
    }
}
