package org.rdpdoctor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rdpdoctor.engine.Diagnosis;
import org.rdpdoctor.engine.DiagnosisState;
import org.rdpdoctor.engine.Event;
import org.rdpdoctor.engine.RuleBase;

/**
 * Synthetic knowledge bases k times the real one, in two kinds, each measured for every factor:
 *
 * <ul>
 *   <li><b>knowledge</b>: every cause, fix and question of kb/ copied k-1 times under new ids
 *       ("-x2" ...), and every rule with them, its ids renamed to the copy's: knowledge of the same
 *       shapes about other failures. Copy j stands for knowledge about an error code of its own,
 *       which is never this session's ({@code ErrorReport(disconnect == -j)}): its rules' ErrorReport
 *       patterns test that code, and a rule without one gets it as one more condition. A session
 *       about 0x904 thus reasons with the real knowledge among k times as much. Copied
 *       questions leave out the probe evidence that answers them (evidence kinds are not copied).
 *   <li><b>rules over the same facts</b>: every rule copied with that code as one more condition,
 *       its patterns and ids left as they are, kb/ unchanged: each fact reaches k times as many
 *       rules. A stress of the
 *       rule network, not a model of a richer knowledge base.
 * </ul>
 *
 * <p>Both keep the ranking, status and next question of the real knowledge. Reports the build time
 * (RuleBase.load: YAML, checks, DRL compile, KieBase) and the median time of the engine step of
 * EngineBench (replay of the typical session + state), cold (the next question worked out) and warm
 * (remembered from an earlier step), each measured in the same JVM, one after another.
 *
 * <p>Run: {@code java -Xmx4g -cp bench/target/rdp-doctor-bench.jar org.rdpdoctor.bench.ScaleBench
 * [knowledge|same-facts] 1 10 100} (both kinds when none is named).
 */
public final class ScaleBench {
    private static final Pattern RULE = Pattern.compile("^(\\s*rule\\s+\")([^\"]+)(\".*)$");

    /** A question id tested by an Answer pattern, or the first argument of an Ask or a Support. */
    private static final Pattern ID =
            Pattern.compile("(question\\s*==\\s*\"|new (?:Ask|Support)\\(\")([^\"]+)(\")");

    /** An ErrorReport pattern, up to its last parenthesis before a comment. */
    private static final Pattern ERROR_REPORT = Pattern.compile("ErrorReport\\((?:[^/]*)\\)");

    private static final YAMLMapper YAML = new YAMLMapper();

    private ScaleBench() {}

    /** The two kinds of synthetic knowledge base (see the class comment). */
    private enum Kind {
        KNOWLEDGE("Knowledge copied: causes, fixes, questions and their rules under new ids"),
        SAME_FACTS("Rules copied over the same facts: kb/ unchanged, ids unchanged");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    public static void main(String[] args) throws IOException {
        List<Kind> kinds = List.of(Kind.values());
        List<String> numbers = List.of(args);
        if (!numbers.isEmpty() && !numbers.get(0).matches("\\d+")) {
            kinds = List.of(Kind.valueOf(numbers.get(0).toUpperCase(Locale.ROOT).replace('-', '_')));
            numbers = numbers.subList(1, numbers.size());
        }
        int[] factors =
                numbers.isEmpty()
                        ? new int[] {1, 10}
                        : numbers.stream().mapToInt(Integer::parseInt).toArray();
        Path home = Bench.home();
        RuleBase real = Bench.load(); // warms class loading and the compiler
        List<Event> events = Bench.typicalSession(real);
        Set<String> ids = new HashSet<>();
        real.knowledge().causes().forEach(c -> ids.add(c.id()));
        real.knowledge().questions().forEach(q -> ids.add(q.id()));
        for (Kind kind : kinds) {
            System.out.println("## " + kind.title);
            System.out.println(
                    "| rule base | rules | causes | questions | build (load + compile) | cold step"
                            + " p50 | runs | warm step p50 | runs | status at step, next"
                            + " question |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            for (int k : factors) {
                try (ScratchFolder scratch = new ScratchFolder("scale-x" + k)) {
                    Path kb = home.resolve("kb");
                    if (kind == Kind.KNOWLEDGE) {
                        kb = scratch.copyIn(home.resolve("kb"), "kb");
                        copyKnowledge(home.resolve("kb"), kb, k);
                    }
                    Path rules = Files.createDirectory(scratch.path().resolve("rules"));
                    int count =
                            replicate(
                                    home.resolve("rules"),
                                    rules,
                                    k,
                                    kind == Kind.KNOWLEDGE ? ids : Set.of());
                    measure(k, count, kb, rules, events);
                }
            }
        }
    }

    private static void measure(int k, int rules, Path kb, Path rulesDir, List<Event> events) {
        long t0 = System.nanoTime();
        RuleBase rb = RuleBase.load(kb, rulesDir);
        long build = System.nanoTime() - t0;
        String status;
        try (Diagnosis d = Diagnosis.replay(rb, events)) {
            DiagnosisState state = d.state();
            status =
                    state.status().id()
                            + (state.nextQuestion() == null
                                    ? ""
                                    : ", next " + state.nextQuestion().id());
        }
        // Warm up for about 3 s (at least 5 runs), then measure for about 5 s (at least 11 runs).
        run(rb, events, true, 3_000_000_000L, 5);
        long[] cold = run(rb, events, true, 5_000_000_000L, 11);
        long[] warm = run(rb, events, false, 5_000_000_000L, 11);
        System.out.printf(
                "| %dx | %d | %d | %d | %.2f s | %.3f ms | %d | %.3f ms | %d | %s |%n",
                k,
                rules,
                rb.knowledge().causes().size(),
                rb.knowledge().questions().size(),
                build / 1e9,
                median(cold) / 1e6,
                cold.length,
                median(warm) / 1e6,
                warm.length,
                status);
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
                Bench.forgetQuestions(rb);
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

    /**
     * Writes each DRL file of {@code from} into {@code to} with k copies of each rule; in copy j the
     * cause and question ids of {@code renamed} get the suffix "-xj".
     */
    private static int replicate(Path from, Path to, int k, Set<String> renamed)
            throws IOException {
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
                        // The copy's own error code, never this session's: codes are not negative.
                        String guard = "ErrorReport(disconnect == -" + copy + ")";
                        boolean ownCode =
                                !renamed.isEmpty()
                                        && b.stream().anyMatch(l -> l.contains("ErrorReport("));
                        for (String l : b.subList(1, b.size())) {
                            String line = renameIds(l, renamed, copy);
                            if (ownCode) {
                                // Copied knowledge is about its own code: its ErrorReport
                                // patterns test that code instead.
                                line = ERROR_REPORT.matcher(line).replaceAll(guard);
                            }
                            out.append(line).append('\n');
                            if (l.strip().equals("when") && !ownCode) {
                                out.append("    ").append(guard).append('\n');
                            }
                        }
                    }
                }
                Files.writeString(to.resolve(file.getFileName()), out.toString());
            }
        }
        return count;
    }

    private static String renameIds(String line, Set<String> renamed, int copy) {
        Matcher m = ID.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = renamed.contains(m.group(2)) ? copied(m.group(2), copy) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + id + m.group(3)));
        }
        return m.appendTail(out).toString();
    }

    private static String copied(String id, int copy) {
        return id + "-x" + copy;
    }

    /**
     * Rewrites the causes, fixes and questions of the knowledge folder {@code from} into {@code to}
     * with k copies of each; copy j's ids, and the fixes its causes name, end in "-xj".
     */
    private static void copyKnowledge(Path from, Path to, int k) throws IOException {
        for (String name : List.of("causes.yaml", "fixes.yaml", "questions.yaml")) {
            ArrayNode entries = (ArrayNode) YAML.readTree(from.resolve(name).toFile());
            ArrayNode out = entries.deepCopy();
            for (int copy = 2; copy <= k; copy++) {
                for (JsonNode entry : entries) {
                    ObjectNode c = entry.deepCopy();
                    c.put("id", copied(c.get("id").asText(), copy));
                    if (c.has("fixes")) {
                        ArrayNode fixes = c.putArray("fixes");
                        for (JsonNode fix : entry.get("fixes")) {
                            fixes.add(copied(fix.asText(), copy));
                        }
                    }
                    if (c.has("options")) {
                        c.remove("evidence_kind");
                        c.get("options").forEach(o -> ((ObjectNode) o).remove("evidence"));
                    }
                    out.add(c);
                }
            }
            YAML.writeValue(to.resolve(name).toFile(), out);
        }
    }
}
