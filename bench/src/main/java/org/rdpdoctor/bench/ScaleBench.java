package org.rdpdoctor.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/**
 * Synthetic rule bases k times the real one: every rule of rules/*.drl copied k-1 times under a new
 * name ("name #2" ...), kb/ unchanged. Reports the rule-base build time (RuleBase.load: YAML, checks,
 * DRL compile, KieBase) and the median time of the engine step of EngineBench (replay of the typical
 * session + state), cold (the next question worked out) and warm (remembered from an earlier step),
 * each factor measured in the same JVM, one after another.
 *
 * <p>Each copy gets one more condition that is never true ({@code ErrorReport(disconnect == -k)}), so the
 * copies never fire and the ranking, status and next question stay those of the real rule base: the
 * step does the same reasoning on a network 10 or 100 times larger. It is a stress of size, not a
 * model of a richer knowledge base (whose copies would also fire).
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.ScaleBench 1
 * 10 100}
 */
public final class ScaleBench {
    private static final Pattern RULE = Pattern.compile("^(\\s*rule\\s+\")([^\"]+)(\".*)$");

    private ScaleBench() {}

    public static void main(String[] args) throws IOException {
        int[] factors =
                args.length == 0
                        ? new int[] {1, 10}
                        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        Path home = Bench.home();
        RuleBase real = Bench.load(); // warms class loading and the compiler
        List<Event> events = Bench.typicalSession(real);
        System.out.println(
                "| rule base | rules | build (load + compile) | cold step p50 | runs"
                        + " | warm step p50 | runs | status at step |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
        for (int k : factors) {
            Path rules = Files.createTempDirectory("rules-x" + k);
            int count = replicate(home.resolve("rules"), rules, k);
            long t0 = System.nanoTime();
            RuleBase rb = RuleBase.load(home.resolve("kb"), rules);
            long build = System.nanoTime() - t0;
            String status;
            try (Diagnosis d = Diagnosis.replay(rb, events)) {
                status = d.state().status().id();
            }
            // Warm up for about 3 s (at least 5 runs), then measure for about 5 s (at least 11 runs).
            run(rb, events, true, 3_000_000_000L, 5);
            long[] cold = run(rb, events, true, 5_000_000_000L, 11);
            long[] warm = run(rb, events, false, 5_000_000_000L, 11);
            System.out.printf(
                    "| %dx | %d | %.2f s | %.2f ms | %d | %.2f ms | %d | %s |%n",
                    k,
                    count,
                    build / 1e9,
                    median(cold) / 1e6,
                    cold.length,
                    median(warm) / 1e6,
                    warm.length,
                    status);
        }
    }

    /**
     * Times steps for about {@code budget} ns (at least {@code min}); a cold step first empties the
     * rule base's memory of next questions (outside the timing), so it works its own out.
     */
    private static long[] run(RuleBase rb, List<Event> events, boolean cold, long budget, int min) {
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + budget;
        while (times.size() < min || System.nanoTime() < end) {
            if (cold) {
                Bench.forgetNextQuestions(rb);
            }
            long t0 = System.nanoTime();
            try (Diagnosis d = Diagnosis.replay(rb, events)) {
                DiagnosisState s = d.state();
                if (s == null) {
                    throw new AssertionError();
                }
            }
            times.add(System.nanoTime() - t0);
        }
        return times.stream().mapToLong(Long::longValue).toArray();
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Writes each DRL file of {@code from} into {@code to} with k copies of each rule. */
    private static int replicate(Path from, Path to, int k) throws IOException {
        int count = 0;
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                StringBuilder out = new StringBuilder(String.join("\n", lines)).append('\n');
                List<String> block = null;
                List<List<String>> blocks = new ArrayList<>();
                for (String line : lines) {
                    if (RULE.matcher(line).matches()) {
                        block = new ArrayList<>();
                    }
                    if (block != null) {
                        block.add(line);
                        if (line.strip().equals("end")) {
                            blocks.add(block);
                            block = null;
                        }
                    }
                }
                count += blocks.size() * k;
                for (int copy = 2; copy <= k; copy++) {
                    for (List<String> b : blocks) {
                        Matcher m = RULE.matcher(b.get(0));
                        m.matches();
                        out.append("\n// Copy ").append(copy).append(" of \"").append(m.group(2));
                        out.append("\", for the scale benchmark.\n");
                        out.append(m.group(1)).append(m.group(2)).append(" #").append(copy);
                        out.append(m.group(3)).append('\n');
                        for (String l : b.subList(1, b.size())) {
                            out.append(l).append('\n');
                            if (l.strip().equals("when")) {
                                // Never true (codes are not negative): the ranking stays the real one.
                                out.append("    ErrorReport(disconnect == -").append(copy).append(")\n");
                            }
                        }
                    }
                }
                Files.writeString(to.resolve(file.getFileName()), out.toString());
            }
        }
        return count;
    }
}
