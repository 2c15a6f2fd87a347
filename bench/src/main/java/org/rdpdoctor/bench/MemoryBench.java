package org.rdpdoctor.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/**
 * Heap per open session: opens N Diagnosis sessions of the typical session's first events (start,
 * evidence, up to three answers, each applied with its state computed, as the server does), keeps
 * them open, forces GC, and reports (used heap after - used heap before) / N. The rule base is
 * loaded and warmed before the first measurement, so it is not counted.
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/rdp-doctor-bench.jar
 * org.rdpdoctor.bench.MemoryBench 1000 10000}
 */
public final class MemoryBench {
    private MemoryBench() {}

    public static void main(String[] args) {
        RuleBase rules = Bench.load();
        List<Event> typical = Bench.typicalSession(rules);
        int answers = 0;
        List<Event> events = new ArrayList<>();
        for (Event e : typical) {
            if (e instanceof Event.Answered && ++answers > 3) {
                break;
            }
            events.add(e);
        }
        System.out.println("events per session: " + events);
        // Warm up: a few sessions opened and closed, so class loading and JIT are not counted.
        for (int i = 0; i < 200; i++) {
            open(rules, events).close();
        }
        int[] ns = args.length == 0 ? new int[] {1000, 10000} : parse(args);
        System.out.println("| open sessions | used heap before | after | per session |");
        System.out.println("|---:|---:|---:|---:|");
        for (int n : ns) {
            long before = usedAfterGc();
            List<Diagnosis> open = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                open.add(open(rules, events));
            }
            long after = usedAfterGc();
            System.out.printf(
                    "| %,d | %.1f MiB | %.1f MiB | %.1f KiB |%n",
                    n, before / 1048576.0, after / 1048576.0, (after - before) / 1024.0 / n);
            open.forEach(Diagnosis::close);
            open.clear();
        }
    }

    private static Diagnosis open(RuleBase rules, List<Event> events) {
        Diagnosis d = Diagnosis.start(rules, (Event.Started) events.get(0));
        for (Event e : events.subList(1, events.size())) {
            d.apply(e);
        }
        return d;
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static int[] parse(String[] args) {
        int[] out = new int[args.length];
        for (int i = 0; i < args.length; i++) {
            out[i] = Integer.parseInt(args[i]);
        }
        return out;
    }
}
