package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScenarioResult;
import org.rdpdoctor.engine.ScenarioRunner;
import org.rdpdoctor.kb.Scenario;
import org.rdpdoctor.kb.Suggestion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code test-scenarios}: runs {@code kb/scenarios/} and reports each with its explanation. */
@Command(name = "test-scenarios", description = "Run the golden scenarios of kb/scenarios/.")
final class TestScenariosCommand implements Callable<Integer> {
    @Mixin KnowledgeOptions knowledge;

    @Option(names = "--only", description = "run only scenarios whose id contains this text")
    String only;

    @Option(
            names = {"-v", "--verbose"},
            description = "explain passing scenarios too")
    boolean verbose;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        RuleBase rules = knowledge.load();
        PrintWriter out = spec.commandLine().getOut();
        List<Scenario> all = rules.knowledge().scenarios();
        List<Scenario> chosen =
                all.stream().filter(s -> only == null || s.id().contains(only)).toList();
        if (chosen.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            all.isEmpty()
                                    ? "error: " + knowledge.folder.kb + " has no scenarios to run"
                                    : noMatch(all.stream().map(Scenario::id).toList()));
            return 1;
        }
        List<ScenarioResult> results =
                chosen.stream().map(s -> ScenarioRunner.run(rules, s)).toList();
        for (ScenarioResult r : results) {
            out.printf(
                    "%s %s (%d questions)%n",
                    r.passed() ? "PASS" : "FAIL", r.id(), r.asked().size());
            if (!r.passed()) {
                out.printf("  in %s%n", r.where(rules.knowledge()));
            }
            if (!r.passed() || verbose) {
                out.print(r.report());
            }
        }
        long failed = results.stream().filter(r -> !r.passed()).count();
        List<Integer> counts = results.stream().map(r -> r.asked().size()).sorted().toList();
        double median =
                counts.size() % 2 == 1
                        ? counts.get(counts.size() / 2)
                        : (counts.get(counts.size() / 2 - 1) + counts.get(counts.size() / 2)) / 2.0;
        out.printf("questions asked: median %s, max %d%n", median, counts.get(counts.size() - 1));
        out.printf("%d passed, %d failed%n", results.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }

    /**
     * Why {@code --only} chose nothing: what was given, the id, topic, name or run of a name's
     * words it likely meant (a fragment such as {@code credsp} means {@code credssp}), and the ids
     * there are.
     */
    private String noMatch(List<String> ids) {
        Set<String> names = new TreeSet<>(ids);
        for (String id : ids) {
            for (String segment : id.split("/")) {
                names.addAll(wordRuns(segment));
            }
        }
        return "error: no scenario id contains '"
                + only
                + "'"
                + Suggestion.of(only, names)
                + "; the scenarios are: "
                + String.join(", ", ids);
    }

    /**
     * Every run of neighbouring words of {@code segment} (split at '-'), the whole one included.
     */
    private static List<String> wordRuns(String segment) {
        String[] words = segment.split("-");
        List<String> runs = new ArrayList<>();
        for (int from = 0; from < words.length; from++) {
            for (int to = from + 1; to <= words.length; to++) {
                runs.add(String.join("-", Arrays.copyOfRange(words, from, to)));
            }
        }
        return runs;
    }
}
