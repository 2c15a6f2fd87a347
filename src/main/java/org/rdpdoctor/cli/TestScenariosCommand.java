package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.engine.ScenarioResult;
import org.rdpdoctor.engine.ScenarioRunner;
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
        List<ScenarioResult> results =
                ScenarioRunner.runAll(rules).stream()
                        .filter(r -> only == null || r.id().contains(only))
                        .toList();
        if (results.isEmpty()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            only == null
                                    ? "error: " + knowledge.folder.kb + " has no scenarios to run"
                                    : "error: no scenario id contains '" + only + "'");
            return 1;
        }
        for (ScenarioResult r : results) {
            out.printf(
                    "%s %s (%d questions)%n",
                    r.passed() ? "PASS" : "FAIL", r.id(), r.asked().size());
            if (!r.passed()) {
                out.printf("  in %s%n", r.file());
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
}
