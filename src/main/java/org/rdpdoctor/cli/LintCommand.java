package org.rdpdoctor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.rdpdoctor.engine.KnowledgeLint;
import org.rdpdoctor.engine.Provenance;
import org.rdpdoctor.engine.RuleBase;
import org.rdpdoctor.kb.InvalidKnowledgeException;
import org.rdpdoctor.kb.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lint}: every problem of {@code kb/} and {@code rules/} at once, with file and line; exit
 * code 1 when there is any, for CI. After them, as notes that fail nothing, the decision trees cut
 * off without hiding a finding, the answers the engine never asks for of the passing scenarios that
 * ran to the cap of questions, the rules and entries that cite seed articles alone, and the
 * evidence values that change nothing.
 */
@Command(
        name = "lint",
        description =
                "Check kb/ and rules/: loading problems, then what the knowledge does (options that change"
                        + " nothing, questions never asked, causes that never lead, unused fixes).")
final class LintCommand implements Callable<Integer> {
    @Mixin KnowledgeOptions knowledge;

    @Mixin TreeSizeOption treeSize;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Problem> problems;
        List<Problem> findingNotes = List.of();
        List<Provenance.Citation> unconfirmed = List.of();
        List<Problem> unread = List.of();
        boolean loaded = false;
        try {
            RuleBase rules = knowledge.load();
            KnowledgeLint.Findings findings = KnowledgeLint.findings(rules, treeSize.maxNodes);
            problems = findings.problems();
            findingNotes = findings.notes();
            unconfirmed = rules.provenance().unconfirmed();
            unread = KnowledgeLint.unreadEvidence(rules);
            loaded = true;
        } catch (InvalidKnowledgeException e) {
            problems = e.problems();
        }
        // Ids and values come from the editor's files: a huge one is shortened, as elsewhere.
        Problem.inFileOrder(problems).forEach(p -> out.println(ShownText.of(p)));
        findingNotes.forEach(p -> out.println(ShownText.of(p)));
        for (Provenance.Citation c : unconfirmed) {
            out.println(
                    ShownText.at(
                            c.where(),
                            "note: %s '%s' cites seed articles only (%s): nothing else confirms it"
                                    .formatted(c.kind(), c.id(), String.join(", ", c.sources()))));
        }
        unread.forEach(p -> out.println(ShownText.of(p)));
        if (!loaded) {
            out.println(
                    "lint: the checks of what the knowledge does (options that change nothing,"
                            + " questions never asked, causes that never lead, unused fixes) were"
                            + " skipped because of the problems above");
        }
        int notes = findingNotes.size() + unconfirmed.size() + unread.size();
        out.println(
                (problems.isEmpty()
                                ? "lint: no problems"
                                : "lint: " + problems.size() + " problem(s)")
                        + (notes == 0 ? "" : "; " + notes + " note(s)"));
        return problems.isEmpty() ? 0 : 1;
    }
}
